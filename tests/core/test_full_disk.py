"""A full disk hits a write: the previous file stays whole, nothing partial
sits under the final name, and the tools end with one line, exit 2.

``OSError(ENOSPC)`` is injected at the write (a real tmpfs is filled in
``tests/faults/test_full_disk_tools.py`` where the tests may mount one)."""
import errno
import json
import os

import pytest

from landmark.core import atomic_io
from landmark.core.atomic_io import atomic_open, dump_json_atomic
from landmark.core.full_disk import exit_on_full_disk, full_disk_error
from landmark.testing import FillingFile


@pytest.fixture
def disk_with_room(monkeypatch):
    """``disk_with_room(n)``: atomic writes run out of space after n bytes."""

    def fill_after(room):
        real_fdopen = os.fdopen
        monkeypatch.setattr(
            atomic_io.os, 'fdopen',
            lambda *a, **k: FillingFile(real_fdopen(*a, **k), room))

    return fill_after


@pytest.mark.parametrize('room', [0, 1, 10, 100])
def test_the_previous_file_stays_whole_and_no_partial_file_is_left(
        tmp_path, disk_with_room, room):
    path = tmp_path / 'predictions.json'
    dump_json_atomic({'images': [1, 2]}, str(path))
    disk_with_room(room)
    with pytest.raises(OSError) as full:
        dump_json_atomic({'images': list(range(1000))}, str(path))
    assert full.value.errno == errno.ENOSPC
    assert full.value.filename == str(path)  # the target, not the .tmp
    assert json.loads(path.read_text()) == {'images': [1, 2]}
    assert os.listdir(tmp_path) == ['predictions.json']


def test_a_tool_ends_with_one_line_naming_the_file(tmp_path, disk_with_room,
                                                   capsys):
    path = str(tmp_path / 'out.csv')

    def tool():
        with atomic_open(path) as f:
            f.write('image_id,label\n' * 100)
        return 0

    disk_with_room(50)
    assert exit_on_full_disk(tool) == 2
    err = capsys.readouterr().err
    assert err == f'error: {path}: no space left on the device\n'
    assert not os.path.exists(path)


def test_other_errors_are_not_taken_for_a_full_disk():
    assert full_disk_error(OSError(errno.EACCES, 'Permission denied')) is None
    full = OSError(errno.ENOSPC, 'No space left on device', 'x.pth')
    try:
        try:
            raise full
        except OSError as err:
            raise RuntimeError('saving the checkpoint failed') from err
    except RuntimeError as wrapped:
        assert full_disk_error(wrapped) is full  # found through the cause

    def broken():
        raise ValueError('a bug')

    with pytest.raises(ValueError):
        exit_on_full_disk(broken)
