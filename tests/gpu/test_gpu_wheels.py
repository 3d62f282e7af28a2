"""The wheel folder check of ``tools/gpu_check.sh --dry-run``, on folders
of empty files named as pip names them (no download)."""
import os

import pytest

from landmark.core.gpu_wheels import (GPU_WHEELS, check_wheel_folder,
                                      device_provided, wheel_fits_device,
                                      wheel_name)


@pytest.mark.parametrize('file_name, fits', [
    ('mmdet-3.3.0-py3-none-any.whl', True),
    ('mmpretrain-1.2.0-py2.py3-none-any.whl', True),
    ('scipy-1.17.1-cp312-cp312-manylinux_2_27_x86_64.'
     'manylinux_2_28_x86_64.whl', True),
    ('pycocotools-2.0.11-cp312-abi3-manylinux2014_x86_64.whl', True),
    ('wcwidth-0.9.4-cp310-abi3-manylinux2014_x86_64.whl', True),
    ('scipy-1.17.1-cp311-cp311-manylinux_2_28_x86_64.whl', False),
    ('scipy-1.17.1-cp312-cp312-macosx_14_0_arm64.whl', False),
    ('scipy-1.17.1-cp312-cp312-manylinux_2_28_aarch64.whl', False),
    ('regex-1.0-cp312-cp312-win_amd64.whl', False),
])
def test_which_wheels_install_on_the_gpu_machine(file_name, fits):
    assert wheel_fits_device(file_name) is fits


def test_wheel_names_are_normalized():
    assert wheel_name('PyYAML-6.0.4-cp312-cp312-manylinux2014_x86_64.whl') \
        == 'pyyaml'
    assert wheel_name('ensemble_boxes-1.0.9-py3-none-any.whl') == \
        'ensemble-boxes'
    assert wheel_name('mmcv-2.1.0.tar.gz') == 'mmcv'


def fill(folder, names, size=0):
    os.makedirs(folder, exist_ok=True)
    for name in names:
        with open(os.path.join(folder, name), 'wb') as f:
            f.write(b'\0' * size)


def complete_folder(folder):
    fill(folder, [f'{n.replace("-", "_")}-1.0-py3-none-any.whl'
                  for n in GPU_WHEELS] + ['mmcv-2.1.0.tar.gz'])


def test_a_complete_folder_passes(tmp_path):
    complete_folder(tmp_path)
    assert check_wheel_folder(
        str(tmp_path), imported={'scipy', 'torch', 'numba'},
        provided={'torch'}) == []


def test_each_problem_is_named(tmp_path):
    complete_folder(tmp_path)
    os.remove(tmp_path / 'scipy-1.0-py3-none-any.whl')
    fill(tmp_path, ['regex-2.0-cp311-cp311-manylinux_2_28_x86_64.whl',
                    'big-1.0-py3-none-any.whl'], size=2**20)
    problems = check_wheel_folder(
        str(tmp_path), size_limit_mib=1.5,
        imported={'scipy', 'faiss-cpu', 'torch', 'numba'},
        provided={'torch'})
    assert problems == [
        'regex-2.0-cp311-cp311-manylinux_2_28_x86_64.whl: not installable '
        'on CPython 3.12, x86-64 Linux',
        'regex: 2 files (regex-1.0-py3-none-any.whl, '
        'regex-2.0-cp311-cp311-manylinux_2_28_x86_64.whl); expected one',
        'scipy: missing (expected a wheel)',
        # 2 MiB of files against 1.5
        f'{tmp_path}: 2.0 MiB in all; the limit is 1.5 MiB',
        # numba has a stand-in, torch is on the machine
        'faiss-cpu: imported by the GPU check but neither in the folder '
        'nor on the GPU machine',
        'scipy: imported by the GPU check but neither in the folder nor on '
        'the GPU machine',
    ]


def test_the_gpu_machine_has_what_torch_requires():
    # torch 2.11 requires filelock, sympy (which requires mpmath), jinja2
    provided = device_provided(['torch'])
    assert {'torch', 'filelock', 'sympy', 'mpmath', 'jinja2'} <= provided
    assert 'scipy' not in provided
    # triton requires importlib-metadata for Python < 3.10 only: not on
    # the GPU machine's 3.12 (the folder has to bring it)
    assert 'importlib-metadata' not in device_provided(['triton'])
