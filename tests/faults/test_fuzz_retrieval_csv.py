"""Property-based fuzzing (Hypothesis) of the retrieval readers of user
files: the ``filename,landmark_id[,id]`` CSV through ``read_landmark_csv``
(``tools/retrieve.py --data/--queries/--gallery``) and
``tools/dataset_converters/retrieval_splits.py``, the query and gallery
CSVs of the configs through ``QueryCsvDataset``, and the submission
(``id,images``) through ``check_retrieval_csv`` / ``read_retrieval_csv``.

Each input is a valid file mutated (``fuzz_mutations``), and each small
seed is also cut after every byte. The property: the file is read (rows
it cannot use reported and left out) or refused with one line naming it
(a checker: one line per problem, each naming it); never a traceback or
another exception. ``LANDMARK_FUZZ_EXAMPLES`` sets the examples per
reader (default 30).
"""
import os.path as osp

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
PHOTOS = ('a1.jpg', 'a2.jpg', 'b1.jpg', 'b2.png', 'c1.jpg', 'c2.jpg')

LANDMARK_CSV = """filename,landmark_id,id
a1.jpg,7,q1
a2.jpg,7,g1
b1.jpg,12,g2
b2.png,12,q2
c1.jpg,3,g3
c2.jpg,3,g4
"""
GALLERY_CSV = """filename,landmark_id
a1.jpg,7
b1.jpg,12
c1.jpg,3
"""
QUERY_CSV = """filename,landmark_id
a2.jpg,7
b2.png,12
c2.jpg,5
"""
RETRIEVAL_CSV = """id,images
q1,g1 g2 g3
q2,g2 g4
q3,
"""
QUERIES, GALLERY = ('q1', 'q2', 'q3'), ('g1', 'g2', 'g3', 'g4')


@pytest.fixture(scope='module')
def photos(tmp_path_factory):
    """The six photos of the seeds, 32x24 each."""
    root = tmp_path_factory.mktemp('photos')
    image = np.full((24, 32, 3), 90, np.uint8)
    for name in PHOTOS:
        cv2.imwrite(str(root / name), image)
    return str(root)


@pytest.fixture(scope='module', autouse=True)
def report_outcomes():
    yield
    for line in OUTCOMES.lines():
        print('\n' + line)


def read_landmarks(path, photos, reader: str) -> None:
    from landmark.core.data_problems import ProblemLog
    from landmark.retrieval.datasets import read_landmark_csv
    problems = ProblemLog()
    try:
        items = read_landmark_csv(str(path), photos, problems)
    except (ValueError, FileNotFoundError) as err:
        assert '\n' not in str(err), str(err)
        assert_lines_name(str(err), path)
        OUTCOMES.add(reader, 'refused')
        return
    for item in items:  # what was read names a photo of the folder
        assert osp.isfile(item.path) and item.image_id
    OUTCOMES.add(reader, 'read')


def retrieval_splits(path, photos, out_dir, reader: str) -> None:
    done = run_tool_in_process('dataset_converters/retrieval_splits',
                               str(path), '--image-root', photos,
                               '--out-dir', str(out_dir))
    output = done.stdout + done.stderr
    assert 'Traceback' not in output, output[-3000:]
    assert done.returncode in (0, 1, 2), output[-3000:]
    if done.returncode == 2:
        errors = [line for line in done.stderr.splitlines()
                  if line.startswith('error')]
        assert len(errors) == 1, done.stderr
        # the file, or (a split of too few ids) what it lacks
        assert str(path) in errors[0] or 'photos' in errors[0], errors[0]
        OUTCOMES.add(reader, 'refused')
    else:
        OUTCOMES.add(reader, f'read (exit {done.returncode})')


def read_query_dataset(folder, photos, named, reader: str) -> None:
    from landmark.retrieval.datasets import QueryCsvDataset
    try:
        QueryCsvDataset(
            ann_file=str(folder / 'query.csv'),
            gallery_ann_file=str(folder / 'gallery.csv'),
            data_prefix=photos, pipeline=[], serialize_data=False)
    except NoUsablePhotosError as err:  # every row names a bad photo
        assert '\n' not in str(err) and photos in str(err), str(err)
        OUTCOMES.add(reader, 'refused (no usable photo)')
        return
    except (ValueError, FileNotFoundError) as err:
        assert '\n' not in str(err), str(err)
        assert_lines_name(str(err), named)
        OUTCOMES.add(reader, 'refused')
        return
    OUTCOMES.add(reader, 'read')


def read_retrieval_submission(path, reader: str) -> None:
    from landmark.retrieval.evaluation import (check_retrieval_csv,
                                               read_retrieval_csv)
    from landmark.retrieval.evaluation.writers.retrieval_csv import \
        RetrievalCsvError
    try:
        report = check_retrieval_csv(str(path), QUERIES, GALLERY)
    except CsvFileError as err:  # not UTF-8 CSV text
        assert '\n' not in str(err)
        assert_lines_name(str(err), path)
        with pytest.raises(CsvFileError):
            read_retrieval_csv(str(path), QUERIES, GALLERY)
        OUTCOMES.add(reader, 'refused (not CSV text)')
        return
    try:
        rows = read_retrieval_csv(str(path), QUERIES, GALLERY)
    except RetrievalCsvError as err:
        assert not report.ok
        assert_lines_name(str(err), path)
        OUTCOMES.add(reader, 'refused')
        return
    assert report.ok
    assert sorted(rows) == sorted(QUERIES)  # every query, once
    assert all(set(found) <= set(GALLERY) for found in rows.values())
    OUTCOMES.add(reader, 'read')


@FUZZ
@given(data=st.data())
def test_landmark_csv(photos, tmp_path, data):
    path = tmp_path / 'landmarks.csv'
    path.write_bytes(data.draw(mutated_text(LANDMARK_CSV)))
    read_landmarks(path, photos, 'landmark CSV (read_landmark_csv)')


@FUZZ
@given(data=st.data())
def test_landmark_csv_retrieval_splits(photos, tmp_path, data):
    path = tmp_path / 'landmarks.csv'
    path.write_bytes(data.draw(mutated_text(LANDMARK_CSV)))
    retrieval_splits(path, photos, tmp_path / 'split',
                     'landmark CSV (retrieval_splits.py)')


@FUZZ
@given(data=st.data(), which=st.sampled_from(['query.csv', 'gallery.csv']))
def test_query_and_gallery_csv_dataset(photos, tmp_path, data, which):
    (tmp_path / 'query.csv').write_text(QUERY_CSV)
    (tmp_path / 'gallery.csv').write_text(GALLERY_CSV)
    seed = QUERY_CSV if which == 'query.csv' else GALLERY_CSV
    (tmp_path / which).write_bytes(data.draw(mutated_text(seed)))
    read_query_dataset(tmp_path, photos, tmp_path / which,
                       'query/gallery CSV (QueryCsvDataset)')


@FUZZ
@given(data=st.data())
def test_retrieval_submission_csv(tmp_path, data):
    path = tmp_path / 'submission.csv'
    path.write_bytes(data.draw(mutated_text(RETRIEVAL_CSV)))
    read_retrieval_submission(path, 'submission CSV (read_retrieval_csv)')


def test_landmark_csv_cut_at_every_byte(photos, tmp_path):
    path = tmp_path / 'landmarks.csv'
    for data in every_prefix(LANDMARK_CSV):
        path.write_bytes(data)
        read_landmarks(path, photos, 'landmark CSV (read_landmark_csv)')
        retrieval_splits(path, photos, tmp_path / 'split',
                         'landmark CSV (retrieval_splits.py)')


def test_query_and_submission_csv_cut_at_every_byte(photos, tmp_path):
    (tmp_path / 'gallery.csv').write_text(GALLERY_CSV)
    for data in every_prefix(QUERY_CSV):
        (tmp_path / 'query.csv').write_bytes(data)
        read_query_dataset(tmp_path, photos, tmp_path / 'query.csv',
                           'query/gallery CSV (QueryCsvDataset)')
    path = tmp_path / 'submission.csv'
    for data in every_prefix(RETRIEVAL_CSV):
        path.write_bytes(data)
        read_retrieval_submission(path, 'submission CSV (read_retrieval_csv)')


def test_the_unmutated_files_are_read(photos, tmp_path):
    """The seeds are valid: each mutation starts from a file that reads
    whole."""
    from landmark.retrieval.datasets import QueryCsvDataset, read_landmark_csv
    from landmark.retrieval.evaluation import read_retrieval_csv
    (tmp_path / 'landmarks.csv').write_text(LANDMARK_CSV)
    items = read_landmark_csv(str(tmp_path / 'landmarks.csv'), photos)
    assert [(osp.basename(i.path), i.landmark_id, i.image_id)
            for i in items][:2] == [('a1.jpg', '7', 'q1'),
                                    ('a2.jpg', '7', 'g1')]
    assert len(items) == 6
    done = run_tool_in_process('dataset_converters/retrieval_splits',
                               str(tmp_path / 'landmarks.csv'),
                               '--image-root', photos, '--out-dir',
                               str(tmp_path / 'split'))
    assert done.returncode == 0, done.stdout + done.stderr
    (tmp_path / 'query.csv').write_text(QUERY_CSV)
    (tmp_path / 'gallery.csv').write_text(GALLERY_CSV)
    queries = QueryCsvDataset(
        ann_file=str(tmp_path / 'query.csv'),
        gallery_ann_file=str(tmp_path / 'gallery.csv'), data_prefix=photos,
        pipeline=[], serialize_data=False)
    # a2 (7) finds gallery row 0, b2 (12) row 1; c2's 5 is in no row
    assert [queries.get_data_info(i)['gt_label'] for i in range(3)] == [
        [0], [1], []]
    (tmp_path / 'submission.csv').write_text(RETRIEVAL_CSV)
    assert read_retrieval_csv(str(tmp_path / 'submission.csv'), QUERIES,
                              GALLERY) == dict(
                                  q1=['g1', 'g2', 'g3'], q2=['g2', 'g4'],
                                  q3=[])


def test_rows_without_a_landmark_id(photos, tmp_path):
    """A gallery photo without an id is no query's match (it was taken
    for one of the last landmark's), and a query without one has nothing
    to find (it raised IndexError when no row had an id)."""
    from landmark.retrieval.datasets import QueryCsvDataset
    (tmp_path / 'gallery.csv').write_text(GALLERY_CSV + 'c2.jpg,\n')
    (tmp_path / 'query.csv').write_text(QUERY_CSV + 'b1.jpg,\n')
    queries = QueryCsvDataset(
        ann_file=str(tmp_path / 'query.csv'),
        gallery_ann_file=str(tmp_path / 'gallery.csv'), data_prefix=photos,
        pipeline=[], serialize_data=False)
    # gallery c2 (row 3, no id) is in no query's answer: a2 (7) finds
    # row 0 only, not [0, 3] ('7' is the last class name)
    assert [queries.get_data_info(i)['gt_label'] for i in range(4)] == [
        [0], [1], [], []]
    (tmp_path / 'gallery.csv').write_text('filename,landmark_id\na1.jpg,\n')
    (tmp_path / 'query.csv').write_text('filename,landmark_id\na2.jpg,\n')
    queries = QueryCsvDataset(
        ann_file=str(tmp_path / 'query.csv'),
        gallery_ann_file=str(tmp_path / 'gallery.csv'), data_prefix=photos,
        pipeline=[], serialize_data=False)
    assert queries.get_data_info(0)['gt_label'] == []


def test_a_row_for_another_query_is_refused(tmp_path):
    """With the query ids known, a row for any other id is a problem
    naming its row (the checker took it for a valid file)."""
    from landmark.retrieval.evaluation import check_retrieval_csv
    path = tmp_path / 'submission.csv'
    path.write_text(RETRIEVAL_CSV + 'q9,g1\n')
    report = check_retrieval_csv(str(path), QUERIES, GALLERY)
    assert [str(p) for p in report.problems] == [
        "[unknown_image] row 5, image 'q9': not a query id; expected the "
        'id of a query'
    ]


def test_a_file_name_with_a_line_break_is_refused_on_one_line(
        photos, tmp_path):
    """A quoted cell may hold a line break: the refusal names the photo
    on one line (found by the fuzzer: the message was two lines)."""
    (tmp_path / 'gallery.csv').write_text(GALLERY_CSV)
    (tmp_path / 'query.csv').write_text(
        'filename,landmark_id\n"a2.jpg\nx",7\n')
    read_query_dataset(tmp_path, photos, tmp_path / 'query.csv',
                       'query/gallery CSV (QueryCsvDataset)')
