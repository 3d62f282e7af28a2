"""Property-based fuzzing (Hypothesis) of the detection readers of user
files, through the tools a user runs: ``csv_to_coco.py`` (CSV boxes),
``voc_to_coco.py`` (VOC XML), ``check_dataset.py`` and ``split_coco.py``
(COCO JSON), ``check_submission.py`` (submission CSV), and the library
readers ``LandmarkDataset`` and ``read_submission_csv``.

Each input is a valid file mutated: fields dropped, duplicated or swapped,
lines dropped, duplicated or swapped, values replaced by wrong types, huge
or negative numbers, NaN, unicode; a BOM, CRLF line ends, truncation at a
byte, bytes flipped, an empty file; for COCO also the parsed JSON mutated
(a key dropped, a value of the wrong type). The property: the tool either
reads it (exit 0 or 1, the data problems listed) or refuses it with one
``error:`` line that names the file (exit 2); never a traceback.

``LANDMARK_FUZZ_EXAMPLES`` (default 30) sets the examples per reader; with
it set, the examples are drawn at random instead of from a fixed seed.
"""
import collections
import copy
import json
import re

import cv2
import numpy as np
import pytest

hypothesis = pytest.importorskip(
    'hypothesis', reason='fuzz tests need hypothesis (requirements/tests.txt)')
from fuzz_mutations import FUZZ  # noqa: E402
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from landmark.testing import run_tool_in_process  # noqa: E402

#: outcomes per reader, printed at the end of the module (pytest -s)
OUTCOMES = collections.defaultdict(collections.Counter)

ODD_VALUES = [
    '', '-1', '0', '-0', '1e308', '-1e308', '99999999999999999999', 'nan',
    'NaN', 'inf', '-inf', '1.5', '0x10', ' 7 ', 'abc', 'é', '東京', '\ufeff',
    '"', "'", ',', ';', '\t', '<', '&', '{}', '[]', 'null', 'true', '1,2',
    '../../x.jpg', '/etc/passwd', 'a' * 300
]
ODD_JSON = [
    None, -1, 0, 1e308, -1e308, 2**64, float('nan'), float('inf'), 'x', '',
    'é', [], {}, True, [1, 2], {'a': 1}, '../../x.jpg', 1.5
]
# a field: what lies between separators of CSV, XML and JSON text
FIELD = re.compile(r'[^,<>\n"{}\[\]:]+')


@st.composite
def mutated_text(draw, text: str) -> bytes:
    """``text`` with 1 to 3 mutations, as bytes."""
    for _ in range(draw(st.integers(1, 3))):
        lines = text.split('\n')
        kind = draw(
            st.sampled_from([
                'replace_field', 'replace_field', 'drop_field', 'dup_field',
                'swap_fields', 'drop_line', 'dup_line', 'swap_lines', 'bom',
                'crlf', 'truncate', 'empty', 'unicode_line'
            ]))
        fields = list(FIELD.finditer(text))
        if kind.endswith('field') or kind == 'swap_fields':
            if not fields:
                continue
            a = draw(st.sampled_from(fields))
            b = draw(st.sampled_from(fields))
            if kind == 'replace_field':
                new = draw(st.sampled_from(ODD_VALUES))
            elif kind == 'drop_field':
                new = ''
            elif kind == 'dup_field':
                new = a.group() + (',' if ',' in text else '') + a.group()
            else:  # swap: a takes b's value
                new = b.group()
            text = text[:a.start()] + new + text[a.end():]
        elif kind in ('drop_line', 'dup_line', 'swap_lines'):
            i = draw(st.integers(0, len(lines) - 1))
            j = draw(st.integers(0, len(lines) - 1))
            if kind == 'drop_line':
                del lines[i]
            elif kind == 'dup_line':
                lines.insert(i, lines[i])
            else:
                lines[i], lines[j] = lines[j], lines[i]
            text = '\n'.join(lines)
        elif kind == 'bom':
            text = '\ufeff' + text
        elif kind == 'crlf':
            text = text.replace('\n', '\r\n')
        elif kind == 'truncate':
            text = text[:draw(st.integers(0, len(text)))]
        elif kind == 'empty':
            text = ''
        else:
            i = draw(st.integers(0, len(lines) - 1))
            lines[i] = draw(st.text(max_size=40))
            text = '\n'.join(lines)
    data = text.encode('utf-8', errors='surrogatepass')
    if draw(st.booleans()) and data:  # a flipped byte now and then
        i = draw(st.integers(0, len(data) - 1))
        data = data[:i] + bytes([draw(st.integers(0, 255))]) + data[i + 1:]
    return data


@st.composite
def mutated_json(draw, obj) -> bytes:
    """``obj`` with a value replaced, a key dropped or a list item
    duplicated somewhere, then (sometimes) mutated as text."""
    obj = copy.deepcopy(obj)
    for _ in range(draw(st.integers(1, 3))):
        containers = []

        def walk(node):
            if isinstance(node, dict):
                containers.append(node)
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                containers.append(node)
                for value in node:
                    walk(value)

        walk(obj)
        node = draw(st.sampled_from(containers))
        if not node:
            continue
        key = draw(st.sampled_from(sorted(node) if isinstance(node, dict)
                                   else list(range(len(node)))))
        kind = draw(st.sampled_from(['replace', 'drop', 'duplicate']))
        if kind == 'replace':  # a copy: the pool is shared by examples
            node[key] = copy.deepcopy(draw(st.sampled_from(ODD_JSON)))
        elif kind == 'drop':
            del node[key]
        elif isinstance(node, list):
            node.append(copy.deepcopy(node[key]))
        else:
            node[key] = [node[key], copy.deepcopy(node[key])]
    text = json.dumps(obj)
    if draw(st.booleans()):
        return draw(mutated_text(text))
    return text.encode('utf-8')


def write_photo(path, width, height):
    image = np.full((height, width, 3), 128, np.uint8)
    cv2.imwrite(path, image)


def assert_read_or_refused(done, reader: str, named: str) -> None:
    """The tool's run: exit 0 or 1, or exit 2 with one error line naming
    ``named``; no traceback anywhere."""
    output = done.stdout + done.stderr
    assert 'Traceback' not in output, output[-3000:]
    assert done.returncode in (0, 1, 2), output[-3000:]
    if done.returncode == 2:
        errors = [line for line in done.stderr.splitlines()
                  if line.startswith('error')]
        assert len(errors) == 1, done.stderr
        assert named in errors[0], errors[0]
        OUTCOMES[reader]['refused'] += 1
    else:
        OUTCOMES[reader][f'read (exit {done.returncode})'] += 1


@pytest.fixture(scope='module')
def photos(tmp_path_factory):
    """Three photos: a.jpg 64x48, b.jpg 48x64, c.png 32x32."""
    root = tmp_path_factory.mktemp('photos')
    for name, (w, h) in dict(a=(64, 48), b=(48, 64)).items():
        write_photo(str(root / f'{name}.jpg'), w, h)
    write_photo(str(root / 'c.png'), 32, 32)
    return str(root)


@pytest.fixture(scope='module', autouse=True)
def report_outcomes():
    yield
    for reader, counts in sorted(OUTCOMES.items()):
        print(f'\nfuzzed {reader}: {sum(counts.values())} inputs, '
              f'{dict(counts)}, 0 tracebacks')


CSV_BOXES = """filename,width,height,class,xmin,ymin,xmax,ymax
a.jpg,64,48,tower,4,5,40,30
a.jpg,64,48,dome,10,10,20,20
b.jpg,48,64,dome,1,2,30,60
c.png,32,32,arch,0,0,31,31
"""


@FUZZ
@given(data=st.data())
def test_csv_boxes(photos, tmp_path, data):
    path = tmp_path / 'boxes.csv'
    path.write_bytes(data.draw(mutated_text(CSV_BOXES)))
    done = run_tool_in_process('dataset_converters/csv_to_coco', str(path),
                               '--img-dir', photos, '--out',
                               str(tmp_path / 'out.json'))
    assert_read_or_refused(done, 'CSV boxes (csv_to_coco.py)', str(path))


VOC_XML = """<annotation>
  <folder>images</folder>
  <filename>a.jpg</filename>
  <size><width>64</width><height>48</height><depth>3</depth></size>
  <object>
    <name>tower</name><difficult>0</difficult>
    <bndbox><xmin>4</xmin><ymin>5</ymin><xmax>40</xmax><ymax>30</ymax></bndbox>
  </object>
  <object>
    <name>dome</name>
    <bndbox><xmin>10</xmin><ymin>10</ymin><xmax>20</xmax><ymax>20</ymax></bndbox>
  </object>
</annotation>
"""


@FUZZ
@given(data=st.data())
def test_voc_xml(photos, tmp_path, data):
    ann_dir = tmp_path / 'xml'
    ann_dir.mkdir(exist_ok=True)
    path = ann_dir / 'a.xml'
    path.write_bytes(data.draw(mutated_text(VOC_XML)))
    done = run_tool_in_process('dataset_converters/voc_to_coco',
                               str(ann_dir), '--img-dir', photos, '--out',
                               str(tmp_path / 'out.json'))
    assert_read_or_refused(done, 'VOC XML (voc_to_coco.py)', str(path))


COCO = dict(
    images=[
        dict(id=1, file_name='a.jpg', width=64, height=48),
        dict(id=2, file_name='b.jpg', width=48, height=64),
        dict(id=3, file_name='c.png', width=32, height=32)
    ],
    annotations=[
        dict(id=1, image_id=1, category_id=1, bbox=[4, 5, 36, 25],
             area=900, iscrowd=0),
        dict(id=2, image_id=2, category_id=2, bbox=[1, 2, 29, 58],
             area=1682, iscrowd=0),
        dict(id=3, image_id=3, category_id=3, bbox=[0, 0, 31, 31],
             area=961, iscrowd=0)
    ],
    categories=[
        dict(id=1, name='tower'),
        dict(id=2, name='dome'),
        dict(id=3, name='arch')
    ])


@FUZZ
@given(data=st.data())
def test_coco_json_check_dataset(photos, tmp_path, data):
    path = tmp_path / 'train.json'
    path.write_bytes(data.draw(mutated_json(COCO)))
    done = run_tool_in_process('check_dataset', str(path), '--img-dir',
                               photos, '--out', str(tmp_path / 'clean.json'))
    assert_read_or_refused(done, 'COCO JSON (check_dataset.py)', str(path))


@FUZZ
@given(data=st.data())
def test_coco_json_split_coco(tmp_path, data):
    path = tmp_path / 'all.json'
    path.write_bytes(data.draw(mutated_json(COCO)))
    done = run_tool_in_process('dataset_converters/split_coco', str(path),
                               '--val-fraction', '0.34', '--out-dir',
                               str(tmp_path / 'split'))
    assert_read_or_refused(done, 'COCO JSON (split_coco.py)', str(path))


SUBMISSION = """image_id,label,score,x1,y1,x2,y2
a,tower,0.9,4,5,40,30
b,dome,0.8,1,2,30,60
c,arch,0.7,0,0,31,31
"""


@FUZZ
@given(data=st.data())
def test_submission_csv_check_submission(photos, tmp_path, data):
    coco = tmp_path / 'val.json'
    coco.write_text(json.dumps(COCO))
    path = tmp_path / 'predictions.csv'
    path.write_bytes(data.draw(mutated_text(SUBMISSION)))
    done = run_tool_in_process('check_submission', str(path), '--ann-file',
                               str(coco))
    assert_read_or_refused(done, 'submission CSV (check_submission.py)',
                           str(path))


@FUZZ
@given(data=st.data())
def test_submission_csv_reader(tmp_path, data):
    from landmark.detection.evaluation.writers import (SubmissionFormat,
                                                       read_submission_csv)
    path = tmp_path / 'predictions.csv'
    path.write_bytes(data.draw(mutated_text(SUBMISSION)))
    try:
        read_submission_csv(str(path), SubmissionFormat(),
                            class_names=['tower', 'dome', 'arch'])
        OUTCOMES['submission CSV (read_submission_csv)']['read'] += 1
    except ValueError as err:
        assert str(path) in str(err) and '\n' not in str(err), str(err)
        OUTCOMES['submission CSV (read_submission_csv)']['refused'] += 1


@FUZZ
@given(data=st.data())
def test_coco_json_landmark_dataset(photos, tmp_path, data):
    from landmark.detection.datasets import LandmarkDataset
    path = tmp_path / 'train.json'
    path.write_bytes(data.draw(mutated_json(COCO)))
    try:
        dataset = LandmarkDataset(
            ann_file=str(path),
            data_prefix=dict(img=photos),
            pipeline=[],
            single_object_policy='largest')
        dataset.full_init()
        OUTCOMES['COCO JSON (LandmarkDataset)']['read'] += 1
    except (ValueError, KeyError, FileNotFoundError) as err:
        message = str(err.args[0] if err.args else err)
        assert str(path) in message and '\n' not in message, message
        OUTCOMES['COCO JSON (LandmarkDataset)']['refused'] += 1


@pytest.mark.parametrize('tool,args,text', [
    ('dataset_converters/csv_to_coco', ['--img-dir', '{photos}'], CSV_BOXES),
    ('check_dataset', ['--img-dir', '{photos}'], json.dumps(COCO)),
    ('dataset_converters/split_coco', [], json.dumps(COCO)),
])
def test_the_unmutated_files_are_read(photos, tmp_path, tool, args, text):
    """The seeds are valid: each mutation starts from a file that reads."""
    path = tmp_path / 'input'
    path.write_text(text)
    done = run_tool_in_process(
        tool, str(path), *[a.format(photos=photos) for a in args],
        *(['--out-dir', str(tmp_path)] if 'split' in tool else
          ['--out', str(tmp_path / 'out.json')]))
    assert done.returncode == 0, done.stdout + done.stderr


FLAG_TOKENS = [
    'image_id=ImageID', 'label=LandmarkName', 'score=Conf', 'x1', 'y1', 'x2',
    'y2', 'x', 'y', 'w', 'h', 'cx', 'cy', '=', 'a=', '=b', 'image_id=',
    'label=label', 'x1=x1', 'é=ü', 'image_id=a=b', '', ' ', ',', 'x1,y1'
]


@FUZZ
@given(columns=st.lists(st.sampled_from(FLAG_TOKENS) | st.text(max_size=8),
                        max_size=9),
       box_format=st.sampled_from(['xyxy', 'xywh', 'cxcywh', 'XYXY', '',
                                   'yxyx', 'é']),
       offset=st.sampled_from(['0', '1', '-1', 'x', '1e9', 'nan']))
def test_submission_format_flags(tmp_path, columns, box_format, offset):
    """``--columns``, ``--box-format`` and ``--label-id-offset`` as a user
    may mistype them: read, or one error line; never a traceback."""
    coco = tmp_path / 'val.json'
    coco.write_text(json.dumps(COCO))
    path = tmp_path / 'predictions.csv'
    path.write_text(SUBMISSION)
    args = [str(path), '--ann-file', str(coco), '--box-format', box_format,
            '--label-id-offset', offset]
    if columns:
        args += ['--columns', *columns]
    done = run_tool_in_process('check_submission', *args)
    output = done.stdout + done.stderr
    assert 'Traceback' not in output, output[-3000:]
    assert done.returncode in (0, 1, 2), output[-3000:]
    if done.returncode == 2:  # ours ('error: ...') or argparse's
        errors = [line for line in done.stderr.splitlines()
                  if 'error' in line]
        assert len(errors) == 1, done.stderr
        OUTCOMES['--columns / --box-format flags']['refused'] += 1
    else:
        OUTCOMES['--columns / --box-format flags'][
            f'read (exit {done.returncode})'] += 1
