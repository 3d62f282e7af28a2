import pytest

from landmark.retrieval.evaluation import (RetrievalCsvError,
                                           check_retrieval_csv,
                                           read_retrieval_csv,
                                           write_retrieval_csv)


def test_round_trip(tmp_path):
    path = str(tmp_path / 'sub.csv')
    results = [('q1', ['g3', 'g1']), ('q2', [])]
    assert write_retrieval_csv(path, results) == 2
    assert open(path).read().splitlines() == ['id,images', 'q1,g3 g1', 'q2,']
    assert read_retrieval_csv(path, ['q1', 'q2'], ['g1', 'g3']) == {
        'q1': ['g3', 'g1'],
        'q2': []
    }
    assert not list(tmp_path.glob('.*.tmp'))  # no temporary file left


def test_checker_names_each_row(tmp_path):
    path = tmp_path / 'sub.csv'
    path.write_text('id,images\n'
                    'q1,g1 g1\n'  # row 2: g1 twice
                    'q1,g1\n'  # row 3: q1 again
                    'q2,g1 g9\n'  # row 4: g9 unknown
                    'q3,g1 g2 g3\n')  # row 5: 3 results, max 2
    report = check_retrieval_csv(
        str(path), ['q1', 'q2', 'q3', 'q4'], ['g1', 'g2', 'g3'], max_results=2)
    found = sorted((p.kind, p.row) for p in report.problems)
    assert found == [('duplicate_image', 3), ('duplicate_result', 2),
                     ('missing_image', None), ('too_many_results', 5),
                     ('unknown_image', 4)]
    with pytest.raises(RetrievalCsvError) as err:
        read_retrieval_csv(str(path), gallery_ids=['g1', 'g2', 'g3'])
    lines = str(err.value).splitlines()
    assert lines[0] == (f"{path}: [duplicate_result] row 2, image 'q1': "
                        "gallery id(s) ['g1'] more than once; expected each "
                        'at most once')
    assert all('row ' in line for line in lines)


def test_checker_rejects_the_wrong_header(tmp_path):
    path = tmp_path / 'sub.csv'
    path.write_text('query,images\nq1,g1\n')
    report = check_retrieval_csv(str(path))
    assert [(p.kind, p.row) for p in report.problems] == [('wrong_column', 1)]
