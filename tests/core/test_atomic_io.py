import os
import stat

import pytest

from landmark.core.atomic_io import atomic_open, dump_json_atomic


def test_written_file_has_ordinary_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        dump_json_atomic({'a': 1}, str(tmp_path / 'sub' / 'x.json'))
    finally:
        os.umask(old)
    mode = stat.S_IMODE(os.stat(tmp_path / 'sub' / 'x.json').st_mode)
    assert mode == 0o644
    assert (tmp_path / 'sub' / 'x.json').read_text() == '{"a": 1}'


def test_a_crash_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / 'out.csv'
    target.write_text('old\n')
    with pytest.raises(RuntimeError):
        with atomic_open(str(target)) as f:
            f.write('half a ')
            raise RuntimeError('crash while writing')
    assert target.read_text() == 'old\n'
    assert os.listdir(tmp_path) == ['out.csv']
