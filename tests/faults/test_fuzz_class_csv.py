"""Property-based fuzzing (Hypothesis) of the classification readers of
user files: the label CSV through ``ClassCsvDataset`` (one label column,
and one column per level) and ``tools/dataset_converters/
split_class_data.py``, and the predictions CSV (``image,label,score``)
through ``check_class_csv`` / ``read_class_csv``.

Each input is a valid file mutated (``fuzz_mutations``), and each small
seed is also cut after every byte. The property: the file is read (rows
it cannot use reported and left out) or refused with one line naming it
(a checker: one line per problem, each naming it); never a traceback or
another exception. ``LANDMARK_FUZZ_EXAMPLES`` sets the examples per
reader (default 30).
"""
import cv2
import numpy as np
import pytest

hypothesis = pytest.importorskip(
    'hypothesis', reason='fuzz tests need hypothesis (requirements/tests.txt)')
from fuzz_mutations import (FUZZ, Outcomes, assert_lines_name,  # noqa: E402
                            every_prefix, mutated_text)
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from landmark.core.csv_files import CsvFileError  # noqa: E402
from landmark.core.data_problems import NoUsablePhotosError  # noqa: E402
from landmark.testing import run_tool_in_process  # noqa: E402

OUTCOMES = Outcomes()
CLASSES = ('glass', 'metal')

LABEL_CSV = """filename,label,photographer
a.jpg,glass,ann
b.jpg,metal,bo
c.png,glass,cy
d.jpg,metal,di
e.jpg,1,ed
"""
LEVELS_CSV = """filename,material,kind
a.jpg,glass,bottle
b.jpg,metal,can
c.png,glass,
d.jpg,-1,can
"""
PREDICTIONS_CSV = """image,label,score,label_2,score_2
a.jpg,glass,0.9,metal,0.1
b.jpg,metal,0.6,glass,0.4
c.png,glass,0.55,metal,0.45
"""


@pytest.fixture(scope='module')
def photos(tmp_path_factory):
    """Five photos a-e (a 64x48 grey JPEG each, c a PNG)."""
    root = tmp_path_factory.mktemp('photos')
    image = np.full((48, 64, 3), 128, np.uint8)
    for name in ('a.jpg', 'b.jpg', 'c.png', 'd.jpg', 'e.jpg'):
        cv2.imwrite(str(root / name), image)
    return str(root)


@pytest.fixture(scope='module', autouse=True)
def report_outcomes():
    yield
    for line in OUTCOMES.lines():
        print('\n' + line)


def read_dataset(path, photos, reader: str, **kwargs) -> None:
    """``ClassCsvDataset`` on ``path``: read, or refused with one line
    naming it."""
    from landmark.classification.datasets import ClassCsvDataset
    try:
        dataset = ClassCsvDataset(
            ann_file=str(path), data_prefix=photos, pipeline=[],
            serialize_data=False, **kwargs)
    except NoUsablePhotosError as err:  # every row names a bad photo
        assert '\n' not in str(err) and photos in str(err), str(err)
        OUTCOMES.add(reader, 'refused (no usable photo)')
        return
    except (ValueError, FileNotFoundError) as err:
        message = str(err)
        assert '\n' not in message, message
        assert_lines_name(message, path)
        OUTCOMES.add(reader, 'refused')
        return
    # what was read is usable: a class id per item, below the class count
    classes = dataset.metainfo['classes']
    for index in range(len(dataset)):
        assert -1 <= dataset.get_data_info(index)['gt_label'] < len(classes)
    OUTCOMES.add(reader, 'read')


def split_class_data(path, photos, out_dir, reader: str, *extra) -> None:
    done = run_tool_in_process('dataset_converters/split_class_data',
                               '--csv', str(path), '--img-dir', photos,
                               '--out-dir', str(out_dir), *extra)
    output = done.stdout + done.stderr
    assert 'Traceback' not in output, output[-3000:]
    assert done.returncode in (0, 1, 2), output[-3000:]
    if done.returncode == 2:
        errors = [line for line in done.stderr.splitlines()
                  if line.startswith('error')]
        assert len(errors) == 1, done.stderr
        assert str(path) in errors[0], errors[0]
        OUTCOMES.add(reader, 'refused')
    else:
        OUTCOMES.add(reader, f'read (exit {done.returncode})')


def read_predictions(path, reader: str) -> None:
    from landmark.classification.evaluation.writers import (
        ClassCsvError, check_class_csv, read_class_csv)
    try:
        report = check_class_csv(str(path), CLASSES)
    except CsvFileError as err:  # not UTF-8 CSV text
        assert '\n' not in str(err)
        assert_lines_name(str(err), path)
        with pytest.raises(CsvFileError):
            read_class_csv(str(path), CLASSES)
        OUTCOMES.add(reader, 'refused (not CSV text)')
        return
    for problem in report.problems:
        assert '\n' not in str(problem), str(problem)
    try:
        rows = read_class_csv(str(path), CLASSES)
    except ClassCsvError as err:
        assert not report.ok
        assert_lines_name(str(err), path)
        OUTCOMES.add(reader, 'refused')
        return
    assert report.ok
    for row in rows:  # what a valid file promises
        assert set(row['labels']) <= set(CLASSES)
        assert all(0 <= s <= 1 for s in row['scores'])
    OUTCOMES.add(reader, 'read')


@FUZZ
@given(data=st.data(), given_classes=st.booleans())
def test_label_csv_dataset(photos, tmp_path, data, given_classes):
    path = tmp_path / 'labels.csv'
    path.write_bytes(data.draw(mutated_text(LABEL_CSV)))
    metainfo = dict(classes=CLASSES) if given_classes else None
    read_dataset(path, photos, 'label CSV (ClassCsvDataset)',
                 metainfo=metainfo)


@FUZZ
@given(data=st.data())
def test_level_csv_dataset(photos, tmp_path, data):
    path = tmp_path / 'levels.csv'
    path.write_bytes(data.draw(mutated_text(LEVELS_CSV)))
    read_dataset(path, photos, 'level CSV (ClassCsvDataset)')


@FUZZ
@given(data=st.data(), given_classes=st.booleans())
def test_label_csv_split_class_data(photos, tmp_path, data, given_classes):
    path = tmp_path / 'labels.csv'
    path.write_bytes(data.draw(mutated_text(LABEL_CSV)))
    extra = ['--classes', *CLASSES] if given_classes else []
    split_class_data(path, photos, tmp_path / 'split',
                     'label CSV (split_class_data.py)', *extra)


@FUZZ
@given(data=st.data())
def test_predictions_csv(tmp_path, data):
    path = tmp_path / 'predictions.csv'
    path.write_bytes(data.draw(mutated_text(PREDICTIONS_CSV)))
    read_predictions(path, 'predictions CSV (read_class_csv)')


def test_label_csv_cut_at_every_byte(photos, tmp_path):
    path = tmp_path / 'labels.csv'
    for data in every_prefix(LABEL_CSV):
        path.write_bytes(data)
        read_dataset(path, photos, 'label CSV (ClassCsvDataset)')
        read_dataset(path, photos, 'label CSV (ClassCsvDataset)',
                     metainfo=dict(classes=CLASSES))
        split_class_data(path, photos, tmp_path / 'split',
                         'label CSV (split_class_data.py)')


def test_level_and_predictions_csv_cut_at_every_byte(photos, tmp_path):
    path = tmp_path / 'levels.csv'
    for data in every_prefix(LEVELS_CSV):
        path.write_bytes(data)
        read_dataset(path, photos, 'level CSV (ClassCsvDataset)')
    path = tmp_path / 'predictions.csv'
    for data in every_prefix(PREDICTIONS_CSV):
        path.write_bytes(data)
        read_predictions(path, 'predictions CSV (read_class_csv)')


def test_the_unmutated_files_are_read(photos, tmp_path):
    """The seeds are valid: each mutation starts from a file that reads
    whole."""
    from landmark.classification.datasets import ClassCsvDataset
    from landmark.classification.evaluation import read_class_csv
    (tmp_path / 'labels.csv').write_text(LABEL_CSV)
    dataset = ClassCsvDataset(
        ann_file=str(tmp_path / 'labels.csv'), data_prefix=photos,
        pipeline=[], metainfo=dict(classes=CLASSES))
    # e.jpg's label 1 is an id into the given classes: metal
    assert [dataset.get_data_info(i)['gt_label'] for i in range(5)] == [
        0, 1, 0, 1, 1]
    (tmp_path / 'levels.csv').write_text(LEVELS_CSV)
    levels = ClassCsvDataset(
        ann_file=str(tmp_path / 'levels.csv'), data_prefix=photos,
        pipeline=[])
    assert [levels.get_data_info(i)['gt_levels'] for i in range(4)] == [
        [0, 0], [1, 1], [0, -1], [-1, 1]]
    (tmp_path / 'predictions.csv').write_text(PREDICTIONS_CSV)
    assert len(read_class_csv(str(tmp_path / 'predictions.csv'),
                              CLASSES)) == 3
    done = run_tool_in_process(
        'dataset_converters/split_class_data', '--csv',
        str(tmp_path / 'labels.csv'), '--img-dir', photos, '--out-dir',
        str(tmp_path / 'split'), '--classes', *CLASSES)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize('text', [
    'filename,label\na.jpg,glass\nb.jpg,²\n',  # int('²'): was ValueError
    '\ufefffilename,material,kind\na.jpg,glass,bottle\n',  # BOM: refused
    'filename,material,kind\na.jpg\nb.jpg,metal,can\n',  # was TypeError
])
def test_files_the_fuzzer_found(photos, tmp_path, text):
    """Files that raised an exception naming no file, or were refused
    for a byte-order mark, are read or refused with one line."""
    path = tmp_path / 'labels.csv'
    path.write_text(text, encoding='utf-8')
    read_dataset(path, photos, 'label CSV (ClassCsvDataset)',
                 metainfo=dict(classes=CLASSES) if 'label' in text else None)
    if 'material' in text:  # the level files read
        from landmark.classification.datasets import ClassCsvDataset
        dataset = ClassCsvDataset(
            ann_file=str(path), data_prefix=photos, pipeline=[],
            serialize_data=False)
        assert dataset.metainfo['level_names'] == ('material', 'kind')


@pytest.mark.parametrize('text', ['filename,label\n', '', 'filename,a,b\n'])
def test_a_csv_without_rows_is_refused_by_name(photos, tmp_path, text):
    """No row (or no header): refused naming the file, where MMEngine's
    data set raised 'need at least one array to concatenate'."""
    from landmark.classification.datasets import ClassCsvDataset
    path = tmp_path / 'labels.csv'
    path.write_text(text)
    with pytest.raises(ValueError, match=f'^{path}: ') as err:
        ClassCsvDataset(ann_file=str(path), data_prefix=photos, pipeline=[])
    assert '\n' not in str(err.value)
