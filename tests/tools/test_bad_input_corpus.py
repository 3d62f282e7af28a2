"""A corpus of broken inputs through the data tools, run as a user runs them
(subprocesses): no traceback, each bad item named with its problem, the good
items converted, and the exit code (1 when something was skipped, 2 when
the input cannot be used at all)."""
import json
import os.path as osp

import pytest

from landmark.testing import CORPUS_BAD_PHOTOS as BAD
from landmark.testing import CORPUS_GOOD_PHOTOS as GOOD
from landmark.testing import run_tool, write_bad_input_photos

pytestmark = pytest.mark.slow  # six tool runs in subprocesses

CONVERTERS = 'tools/dataset_converters'
# the limit the tools run with: every corpus photo is below it but big.png
MAX_PIXELS = '30000'

VOC_OBJECT = ('<object><name>{}</name><bndbox><xmin>{}</xmin><ymin>{}</ymin>'
              '<xmax>{}</xmax><ymax>{}</ymax></bndbox></object>')


def voc_xml(file_name, size, objects, with_size=True):
    size_xml = (f'<size><width>{size[0]}</width><height>{size[1]}</height>'
                '</size>') if with_size else ''
    return (f'<annotation><filename>{file_name}</filename>{size_xml}' +
            ''.join(VOC_OBJECT.format(*obj)
                    for obj in objects) + '</annotation>')


# VOC files with bad content: stem -> (xml, kind, where, words)
def bad_voc_files():
    box = ('arch', 5, 5, 20, 20)
    return {
        'nonnumeric': (voc_xml('plain.jpg', (80, 60),
                               [('arch', 'abc', 5, 20, 20)]), 'bad_annotation',
                       'object 1', '<xmin>abc</xmin>'),
        'swapped': (voc_xml('gray.jpg', (80, 60), [('arch', 20, 5, 5, 20)]),
                    'empty_box', 'object 1', 'zero or negative area'),
        'zeroarea': (voc_xml('rgba.png', (80, 60), [('arch', 5, 5, 5, 20)]),
                     'empty_box', 'object 1', 'zero or negative area'),
        'outside': (voc_xml('one.png', (1, 1), [('arch', 0, 0, 9, 9)]),
                    'box_outside', 'object 1', 'clipped to [0, 0, 1, 1]'),
        'unknown': (voc_xml('bitmap.bmp', (80, 60), [('ufo', 5, 5, 20, 20)]),
                    'unknown_class', 'object 1', "class 'ufo'"),
        'malformed': ('<annotation><filename>web.webp</filename><size>',
                      'bad_annotation', '', 'not valid XML'),
        'missingimage':
        (voc_xml('gone.jpg', (80, 60),
                 [box]), 'missing_image', '', "image 'gone.jpg' not found"),
        'nosize': (voc_xml('scan.tif', None, [box],
                           with_size=False), None, None, None),
    }


@pytest.fixture(scope='module')
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp('corpus')
    images = root / 'images'
    images.mkdir()
    write_bad_input_photos(str(images))
    voc = root / 'voc'
    voc.mkdir()
    for name, size in GOOD.items():  # one good box each, displayed frame
        if name in ('plain.jpg', 'gray.jpg', 'rgba.png', 'one.png',
                    'bitmap.bmp', 'web.webp', 'scan.tif'):
            continue  # these carry the bad VOC files below
        (voc / f'good_{osp.splitext(name)[0]}.xml').write_text(
            voc_xml(name, size, [('arch', 0, 0, 1, 1)]), encoding='utf-8')
    for name in BAD:
        (voc / f'bad_{osp.splitext(name)[0]}.xml').write_text(
            voc_xml(name, (80, 60), [('arch', 5, 5, 20, 20)]))
    for stem, (xml, *_) in bad_voc_files().items():
        (voc / f'{stem}.xml').write_text(xml)
    return root


def run(*args):
    result = run_tool(*args)
    assert 'Traceback' not in result.stdout + result.stderr, result.stderr
    return result


def problem_line(output, file_name, kind):
    """The one problem line naming ``file_name`` with ``kind``."""
    lines = [
        line for line in output.splitlines()
        if file_name in line and f'[{kind},' in line
    ]
    assert len(lines) == 1, (file_name, kind, output)
    # the words are looked for in the message, not in the file's path
    return lines[0].replace(file_name, '<file>')


def test_images_to_coco_over_the_corpus(corpus, tmp_path):
    out = tmp_path / 'photos.json'
    result = run(f'{CONVERTERS}/images_to_coco.py', str(corpus / 'images'),
                 '--classes', 'arch', '--out', str(out), '--max-decode-pixels',
                 MAX_PIXELS)
    assert result.returncode == 1
    for name, words in BAD.items():
        assert words in problem_line(result.stdout, name, 'unreadable_image')
    coco = json.loads(out.read_text(encoding='utf-8'))
    assert {
        im['file_name']: (im['width'], im['height'])
        for im in coco['images']
    } == GOOD
    assert 'images checked by a full decode' in result.stdout


def test_voc_to_coco_over_the_corpus(corpus, tmp_path):
    out = tmp_path / 'voc.json'
    result = run(f'{CONVERTERS}/voc_to_coco.py', str(corpus / 'voc'),
                 '--img-dir', str(corpus / 'images'), '--classes', 'arch',
                 '--out', str(out), '--max-decode-pixels', MAX_PIXELS)
    assert result.returncode == 1
    for name, words in BAD.items():
        assert words in problem_line(result.stdout, name, 'unreadable_image')
    for stem, (_, kind, where, words) in bad_voc_files().items():
        if kind is None:
            continue
        line = problem_line(result.stdout, f'{stem}.xml', kind)
        assert words in line and (f'({where})' in line if where else True)
    # orientation 3 has the same size in both frames: a note says which
    line = problem_line(result.stdout, 'good_exif3.xml', 'exif_orientation')
    assert 'fixed' in line and '--exif-rotate-boxes' in line
    coco = json.loads(out.read_text(encoding='utf-8'))
    sizes = {
        im['file_name']: (im['width'], im['height'])
        for im in coco['images']
    }
    # the photos of the bad VOC files kept, box or not, but that of the
    # malformed XML (web.webp), which names nothing readable
    assert sizes == {n: s for n, s in GOOD.items() if n != 'web.webp'}
    boxes = {im['file_name']: [] for im in coco['images']}
    names = {im['id']: im['file_name'] for im in coco['images']}
    for ann in coco['annotations']:
        boxes[names[ann['image_id']]].append(ann['bbox'])
    assert boxes['one.png'] == [[0, 0, 1, 1]]  # clipped
    assert boxes['scan.tif'] == [[5, 5, 15, 15]]  # no <size>: fine
    for name in ('plain.jpg', 'gray.jpg', 'rgba.png', 'bitmap.bmp'):
        assert boxes[name] == []
    assert boxes['café photo ü.jpg'] == [[0, 0, 1, 1]]


def test_csv_to_coco_over_the_corpus(corpus, tmp_path):
    csv_file = tmp_path / 'boxes.csv'
    csv_file.write_text(
        'filename,width,height,class,xmin,ymin,xmax,ymax\n'
        'plain.jpg,80,60,arch,1,2,11,22\n'
        'plain.jpg,80,60,arch,nan,2,nan,22\n'
        'plain.jpg,-80,60,arch,1,2,11,22\n'
        'plain.jpg,80,60,ufo,1,2,11,22\n'
        'exif6.jpg,80,60,arch,1,2,11,22\n'
        'exif6.jpg,60,80,arch,1,2,11,22\n'
        'gone.jpg,80,60,arch,1,2,11,22\n'
        'truncated.jpg,80,60,arch,1,2,11,22\n'
        'café photo ü.jpg,80,60,arch,1,2,11,22\n',
        encoding='utf-8')
    out = tmp_path / 'csv.json'
    args = [
        f'{CONVERTERS}/csv_to_coco.py',
        str(csv_file), '--img-dir',
        str(corpus / 'images'), '--classes', 'arch', '--out',
        str(out)
    ]
    result = run(*args)
    assert result.returncode == 1
    problems = [
        line.strip() for line in result.stdout.splitlines()
        if line.startswith('  [')
    ]
    assert [
        p.split(']')[0] + ']' + p.split(')')[0].split('(')[-1]
        for p in problems
    ] == [
        '[bad_annotation, skipped]row 3',
        '[bad_annotation, skipped]row 4',
        '[unknown_class, skipped]row 5',
        '[exif_orientation, skipped]row 6',
        '[missing_image, skipped]row 8',
        '[unreadable_image, skipped]row 9',
    ]
    assert 'column xmin' in problems[0] and 'column width' in problems[1]
    coco = json.loads(out.read_text(encoding='utf-8'))
    assert sorted(im['file_name'] for im in coco['images']) == [
        'café photo ü.jpg', 'exif6.jpg', 'plain.jpg'
    ]
    assert len(coco['annotations']) == 3  # rows 2, 7 and 10

    wrong = tmp_path / 'wrong.csv'
    wrong.write_text('file,width,height,class,xmin,ymin,xmax,ymax\n')
    args[1] = str(wrong)
    result = run(*args)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"error: {wrong}: missing column(s) ['filename']; expected a header "
        'with filename,width,height,class,xmin,ymin,xmax,ymax (found file,'
        'width,height,class,xmin,ymin,xmax,ymax)'
    ]


def test_check_dataset_and_split_over_the_corpus(corpus, tmp_path):
    names = sorted(GOOD) + sorted(BAD) + ['gone.jpg']
    coco = dict(
        categories=[dict(id=1, name='arch')],
        images=[
            dict(id=i, file_name=n, width=80, height=60)
            for i, n in enumerate(names, 1)
        ],
        annotations=[
            dict(id=i, image_id=i, category_id=1, bbox=[0, 0, 1, 1])
            for i in range(1,
                           len(names) + 1)
        ])
    ann = tmp_path / 'all.json'
    ann.write_text(json.dumps(coco))
    clean = tmp_path / 'clean.json'
    result = run('tools/check_dataset.py', str(ann), '--img-dir',
                 str(corpus / 'images'), '--max-decode-pixels', MAX_PIXELS,
                 '--out', str(clean))
    assert result.returncode == 1
    for name, words in BAD.items():
        assert words in problem_line(result.stdout, name, 'unreadable_image')
    assert 'gone.jpg' in problem_line(result.stdout, 'all.json',
                                      'missing_image')
    # the JSON says 80x60: exif6 and exif8 are in their stored frame
    for name in ('exif6.jpg', 'exif8.tif'):
        assert 'stored frame' in problem_line(result.stdout, name,
                                              'exif_orientation')
    kept = json.loads(clean.read_text())
    expected = sorted(set(GOOD) - {'exif6.jpg', 'exif8.tif'})
    assert sorted(im['file_name'] for im in kept['images']) == expected
    assert len(kept['annotations']) == len(expected)
    assert (f'dropped {len(names) - len(expected)} images and '
            f'{len(names) - len(expected)} boxes') in result.stdout

    result = run(f'{CONVERTERS}/split_coco.py', str(clean), '--val-fraction',
                 '0.25', '--out-dir', str(tmp_path / 'split'))
    assert result.returncode == 0, result.stderr
    train = json.loads((tmp_path / 'split' / 'train.json').read_text())
    val = json.loads((tmp_path / 'split' / 'val.json').read_text())
    assert sorted(im['file_name']
                  for im in train['images'] + val['images']) == expected
