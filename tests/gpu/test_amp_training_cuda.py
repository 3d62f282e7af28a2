"""``tools/train.py --amp`` on a GPU: fp16 ``AmpOptimWrapper``, 10
iterations of the tiny DINO and Faster R-CNN with finite losses."""
import glob
import json
import math
import os.path as osp

import pytest

from landmark.testing import run_tool

pytestmark = pytest.mark.gpu

TINY_CONFIGS = [
    'configs/dino/dino-4scale_r18-tiny_1xb2-320px-12e_landmark.py',
    'configs/faster-rcnn/faster-rcnn_r18-tiny-fpn_1xb4-320px-12e_landmark.py',
]


@pytest.mark.slow
@pytest.mark.parametrize('config', TINY_CONFIGS, ids=osp.basename)
def test_amp_trains_10_iterations_with_finite_losses(config, tiny_landmarks,
                                                     tmp_path):
    # 10 training photos, batch 1, one epoch: 10 iterations
    work_dir = str(tmp_path / 'work')
    result = run_tool(
        'tools/train.py', config, '--amp', '--data-root', tiny_landmarks,
        '--work-dir', work_dir, '--cfg-options', 'train_cfg.max_epochs=1',
        'train_cfg.val_interval=100', 'default_hooks.logger.interval=1',
        'train_dataloader.batch_size=1', 'train_dataloader.num_workers=0',
        'train_dataloader.persistent_workers=0',
        'val_dataloader.num_workers=0', 'val_dataloader.persistent_workers=0')
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]
    assert 'mixed precision: AmpOptimWrapper (fp16, dynamic loss scale)' in log
    scalars = glob.glob(osp.join(work_dir, '*', 'vis_data', 'scalars.json'))
    with open(scalars[0]) as f:
        rows = [row for row in map(json.loads, f) if 'loss' in row]
    assert len(rows) == 10
    assert all(math.isfinite(r['loss']) and r['loss'] > 0 for r in rows)
    # MMEngine logs the GPU memory of a run on CUDA (MB), none on the CPU
    assert all(r.get('memory', 0) > 0 for r in rows), rows[0]
