"""``make gpu-wheels`` + ``tools/gpu_check.sh --dry-run``: the wheel folder
covers every import of the GPU check within 64 MiB, and the script prints
its steps; a folder without scipy is refused, naming it."""
import os
import os.path as osp
import shutil
import socket
import subprocess

import pytest

from landmark.testing import REPO_ROOT

WHEELS = osp.join(REPO_ROOT, 'gpu-wheels')


def registry_reachable() -> bool:
    try:
        socket.create_connection(('pypi.org', 443), timeout=5).close()
        return True
    except OSError:
        return False


@pytest.fixture(scope='module')
def wheel_folder(tmp_path_factory):
    """``gpu-wheels/`` of an earlier ``make gpu-wheels``, else the target
    run into a temporary folder (``-o`` the setup stamp: only its recipe)."""
    if osp.isfile(osp.join(WHEELS, 'mmcv-2.1.0.tar.gz')):
        return WHEELS
    if not registry_reachable():
        pytest.skip('gpu-wheels/ is absent and pypi.org is unreachable: '
                    'run make gpu-wheels where a registry is')
    folder = str(tmp_path_factory.mktemp('gpu-wheels'))
    result = subprocess.run(
        ['make', '-o', '.venv/.landmark-setup-done', 'gpu-wheels',
         f'GPU_WHEELS={folder}'],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    return folder


def dry_run(folder):
    return subprocess.run(
        ['bash', 'tools/gpu_check.sh', '--dry-run', '--wheels', folder],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_dry_run_passes_on_the_wheel_folder(wheel_folder):
    result = dry_run(wheel_folder)
    assert result.returncode == 0, result.stdout + result.stderr
    assert 'every import of the GPU check covered' in result.stdout
    total = sum(osp.getsize(osp.join(wheel_folder, f))
                for f in os.listdir(wheel_folder))
    assert total < 64 * 2**20
    for step in ('1. install the wheel folder', '2. pytest -m gpu',
                 '3. headline Swin-L DINO step at 4000x3000',
                 '4. largest size that trains',
                 '5. native-resolution benchmark',
                 '6. plain vs flip-TTA photos/s, tiny DINO'):
        assert step in result.stdout


@pytest.mark.slow
def test_dry_run_names_what_the_folder_lacks(wheel_folder, tmp_path):
    for f in os.listdir(wheel_folder):
        if not f.startswith('scipy-'):
            shutil.copy(osp.join(wheel_folder, f), tmp_path)
    result = dry_run(str(tmp_path))
    assert result.returncode == 1
    assert 'error: scipy: missing (expected a wheel)' in result.stderr
    assert ('error: scipy: imported by the GPU check but neither in the '
            'folder nor on the GPU machine') in result.stderr
