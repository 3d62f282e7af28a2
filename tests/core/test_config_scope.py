"""The task of a config, read before anything task-specific is imported,
and a config that exists but cannot be read: one line, not MMEngine's
traceback."""
import shutil

import pytest

from landmark.core.config_scope import (ConfigFileError, config_scope,
                                        task_tool_runs)
from landmark.testing import REPO_ROOT, run_tool_in_process

YOUR_DATA = (f'{REPO_ROOT}/configs/segmentation/unet/'
             'unet-tiny_s4-d8_1xb2-flip-8e_your-data.py')


def test_each_task_of_its_scope():
    assert config_scope(YOUR_DATA) == 'mmseg'
    assert task_tool_runs(YOUR_DATA).__name__ == \
        'landmark.segmentation.apis.tool_runs'
    assert config_scope('no/such/config.py') is None


@pytest.mark.parametrize('tool', ['train', 'test', 'infer'])
def test_a_config_copied_away_from_its_bases_is_one_line(tool, tmp_path):
    # what a user does first: copy the your-data config into a folder of
    # their own; its _base_ paths are relative to configs/segmentation/unet
    copied = str(tmp_path / 'my_config.py')
    shutil.copy(YOUR_DATA, copied)
    argv = {
        'train': [copied],
        'test': [copied, 'model.pth'],
        'infer': [copied, 'model.pth', str(tmp_path)]
    }[tool]
    run = run_tool_in_process(tool, *argv)
    assert run.returncode == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith(f'error: {copied}: cannot be read, ')
    assert '_base_' in lines[0] and 'does not exist' in lines[0]


def test_a_config_that_is_not_python_is_one_line(tmp_path):
    broken = tmp_path / 'broken.py'
    broken.write_text("default_scope = 'mmseg'\nmodel = dict(\n")
    with pytest.raises(ConfigFileError, match='not a valid Python config'):
        config_scope(str(broken))
    run = run_tool_in_process('ensemble', str(broken), 'a.pth', 'b.pth')
    assert run.returncode == 1
    assert run.stderr.strip().splitlines() == [
        f'error: {broken}: not a valid Python config '
        f"('(' was never closed, line 2 of {broken})"
    ]
