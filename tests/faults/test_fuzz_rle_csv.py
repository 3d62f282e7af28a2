"""Property-based fuzzing (Hypothesis) of the segmentation run-length CSV
(``image_id,class_name,height,width,rle``) reader and checker:
``read_rle_csv`` and ``check_rle_csv``, in both pixel orders and start
indices.

Each input is a valid file mutated (``fuzz_mutations``: fields dropped,
duplicated, swapped or replaced by huge, negative, NaN or unicode-digit
numbers, lines dropped or repeated, a BOM, CRLF, truncation...), and the
seed is also cut after every byte. The property: ``read_rle_csv`` returns
masks of the stated size or raises ``RLECSVError``, one line naming the
file; ``check_rle_csv`` returns its problems, each one line naming the
file, and finds none exactly when the reader reads the file; never a
traceback or another exception. ``LANDMARK_FUZZ_EXAMPLES`` sets the
examples (default 30).
"""
import numpy as np
import pytest

hypothesis = pytest.importorskip(
    'hypothesis', reason='fuzz tests need hypothesis (requirements/tests.txt)')
from fuzz_mutations import (FUZZ, Outcomes, assert_lines_name,  # noqa: E402
                            every_prefix, mutated_text)
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

OUTCOMES = Outcomes()
CLASSES = ('tower', 'dome')

# 3x4 masks: tower pixels 2-4 and 9 (1-based, row-major), dome pixel 12
RLE_CSV = """image_id,class_name,height,width,rle
img1,tower,3,4,2 3 9 1
img1,dome,3,4,12 1
img2,tower,2,2,
img2,dome,2,2,1 4
"""


@pytest.fixture(scope='module', autouse=True)
def report_outcomes():
    yield
    for line in OUTCOMES.lines():
        print('\n' + line)


def read_and_check(path, order='row-major', one_based=True, classes=CLASSES):
    """The reader and the checker agree, and each either reads or names
    the file on every line of its refusal."""
    from landmark.segmentation.evaluation import (RLECSVError, check_rle_csv,
                                                  read_rle_csv)
    problems = check_rle_csv(str(path), order, one_based, classes)
    for problem in problems:
        assert_lines_name(problem, path)
        assert '\n' not in problem
    try:
        masks = read_rle_csv(str(path), order, one_based, classes)
    except RLECSVError as err:
        assert '\n' not in str(err), str(err)
        assert_lines_name(str(err), path)
        assert problems, f'the reader refused {err} but the check passed'
        OUTCOMES.add('RLE CSV (read_rle_csv, check_rle_csv)', 'refused')
        return
    # a file the reader reads, the checker may still refuse (two sizes
    # for one image); what was read is 0/1 masks of known classes
    for (image_id, class_name), mask in masks.items():
        assert image_id and (classes is None or class_name in classes)
        assert mask.dtype == np.uint8 and set(np.unique(mask)) <= {0, 1}
        assert mask.ndim == 2 and min(mask.shape) >= 1
    OUTCOMES.add('RLE CSV (read_rle_csv, check_rle_csv)',
                 'read' if not problems else 'read, check found problems')


@FUZZ
@given(data=st.data(),
       order=st.sampled_from(['row-major', 'column-major']),
       one_based=st.booleans(),
       classes=st.sampled_from([CLASSES, None]))
def test_rle_csv(tmp_path, data, order, one_based, classes):
    path = tmp_path / 'masks.csv'
    path.write_bytes(data.draw(mutated_text(RLE_CSV)))
    read_and_check(path, order, one_based, classes)


def test_rle_csv_cut_at_every_byte(tmp_path):
    path = tmp_path / 'masks.csv'
    for data in every_prefix(RLE_CSV):
        path.write_bytes(data)
        read_and_check(path)
        read_and_check(path, 'column-major', False, None)


def test_the_unmutated_file_is_read(tmp_path):
    """The seed is valid: each mutation starts from a file that reads."""
    from landmark.segmentation.evaluation import check_rle_csv, read_rle_csv
    path = tmp_path / 'masks.csv'
    path.write_text(RLE_CSV)
    masks = read_rle_csv(str(path), classes=CLASSES)
    assert check_rle_csv(str(path), classes=CLASSES) == []
    assert masks['img1', 'tower'].tolist() == [[0, 1, 1, 1], [0, 0, 0, 0],
                                               [1, 0, 0, 0]]
    assert masks['img1', 'dome'][2, 3] == 1
    assert masks['img2', 'tower'].sum() == 0
    assert masks['img2', 'dome'].sum() == 4


@pytest.mark.parametrize(
    'row',
    [
        'img1,tower,²,4,1 1',  # a digit int() refuses: was ValueError
        'img1,tower,99999999999999999999,1,1 1',  # was numpy's ValueError
        'img1,tower,4294967297,4,1 1',  # 17 GB: was allocated
        'img1,tower,2,2,² 1',  # was StopIteration
    ])
def test_rows_the_fuzzer_found(tmp_path, row):
    """Rows that raised another exception (or allocated a mask of
    gigabytes) are refused with one line naming file and row."""
    from landmark.segmentation.evaluation import RLECSVError, read_rle_csv
    path = tmp_path / 'masks.csv'
    path.write_text('image_id,class_name,height,width,rle\n' + row + '\n')
    with pytest.raises(RLECSVError, match='row 2: ') as err:
        read_rle_csv(str(path))
    assert str(err.value).startswith(f'{path} row 2: ')
    read_and_check(path)
