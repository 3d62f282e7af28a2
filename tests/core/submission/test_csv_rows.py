import pytest

from landmark.core.submission import read_csv_rows, write_csv_rows


def test_rows_round_trip_with_line_numbers(tmp_path):
    path = str(tmp_path / 'out.csv')
    assert write_csv_rows(path, ['id', 'label'], iter([['1', 'a'],
                                                       ['2', 'b']])) == 2
    assert list(read_csv_rows(path, ['id', 'label'])) == [
        (2, dict(id='1', label='a')), (3, dict(id='2', label='b'))
    ]


def test_a_failing_row_stream_leaves_no_file(tmp_path):
    path = tmp_path / 'out.csv'

    def rows():
        yield ['1', 'a']
        raise RuntimeError('model crashed')

    with pytest.raises(RuntimeError):
        write_csv_rows(str(path), ['id', 'label'], rows())
    assert list(tmp_path.iterdir()) == []


def test_another_header_is_named(tmp_path):
    path = tmp_path / 'out.csv'
    path.write_text('id,class\n1,a\n')
    with pytest.raises(ValueError, match=r"out.csv: header \['id', 'class'\]"):
        list(read_csv_rows(str(path), ['id', 'label']))
