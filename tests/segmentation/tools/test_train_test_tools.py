"""tools/train.py and tools/test.py --tta on membrane, a few iterations."""
import os
import os.path as osp
import subprocess
import sys

import pytest

from landmark.segmentation.evaluation import check_rle_csv, read_rle_csv

REPO = osp.dirname(
    osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__)))))
CONFIG = 'configs/segmentation/unet/unet-tiny_s4-d8_1xb4-flip-8e_membrane.py'


def _run(*args):
    result = subprocess.run([sys.executable, *args],
                            cwd=REPO,
                            capture_output=True,
                            text=True,
                            timeout=300,
                            env=dict(os.environ, OMP_WAIT_POLICY='PASSIVE'))
    assert result.returncode == 0, result.stderr[-3000:]
    return result


@pytest.mark.slow
@pytest.mark.data
def test_train_then_test_with_tta_and_rle_csv(shared_datasets, tmp_path):
    membrane = osp.join(shared_datasets, 'membrane')
    if not osp.isdir(membrane):
        pytest.skip(f'membrane data set not found at {membrane}')
    work = str(tmp_path / 'work')
    _run('tools/train.py', CONFIG, '--work-dir', work, '--data-root', membrane,
         '--cfg-options', 'train_cfg.max_epochs=1',
         'train_dataloader.dataset.times=1',
         'train_dataloader.dataset.dataset.indices=[0,1,2,3]',
         'val_dataloader.dataset.indices=[24]')
    checkpoint = osp.join(work, 'epoch_weights', 'epoch_1.pth')
    assert osp.isfile(checkpoint)
    out = str(tmp_path / 'masks.csv')
    result = _run('tools/test.py', CONFIG, checkpoint, '--tta', '--out', out,
                  '--work-dir', work, '--data-root', membrane, '--cfg-options',
                  'test_dataloader.dataset.indices=[24,25]')
    assert 'mIoU' in result.stdout + result.stderr
    masks = read_rle_csv(out)
    assert len(masks) == 2  # two images, class 'cell' each
    assert all(m.shape == (512, 512) for m in masks.values())
    assert check_rle_csv(out) == []


def test_bad_flag_is_one_line(tmp_path):
    result = subprocess.run([
        sys.executable, 'tools/test.py', CONFIG, 'none.pth', '--out',
        str(tmp_path / 'x.pkl')
    ],
                            cwd=REPO,
                            capture_output=True,
                            text=True,
                            timeout=120)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"error: --out '{tmp_path / 'x.pkl'}': a segmentation test writes "
        'a run-length .csv'
    ]
