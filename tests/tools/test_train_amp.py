"""``tools/train.py --amp`` on the CPU: bf16 autocast for DINO and the CNN
baselines, finite losses on the tiny configs."""
import glob
import json
import math
import os.path as osp

import pytest

from landmark.testing import run_tool

# DINO with the Swin backbone of the headline configs, and one CNN baseline
# with the mmcv ops that have float32-only CPU kernels (nms in the RPN,
# RoIAlign): the R18 DINO, RetinaNet and Cascade R-CNN use the same layers,
# ops and wrapper (they passed here too, 25 to 45 s each of the suite).
TINY_CONFIGS = [
    'configs/dino/dino-4scale_swin-2stage-tiny_1xb2-320px-12e_landmark.py',
    'configs/faster-rcnn/faster-rcnn_r18-tiny-fpn_1xb4-320px-12e_landmark.py',
]


@pytest.mark.slow
@pytest.mark.parametrize('config', TINY_CONFIGS, ids=osp.basename)
def test_amp_trains_with_finite_losses(config, tiny_landmarks, tmp_path):
    work_dir = str(tmp_path / 'work')
    result = run_tool(
        'tools/train.py',
        config,
        '--amp',
        '--data-root',
        tiny_landmarks,
        '--work-dir',
        work_dir,
        '--cfg-options',
        'train_cfg.max_epochs=1',
        'train_cfg.val_interval=100',
        'default_hooks.logger.interval=1',
        'train_dataloader.num_workers=0',
        'train_dataloader.persistent_workers=0',
        'val_dataloader.num_workers=0',
        'val_dataloader.persistent_workers=0',
        env=dict(OMP_NUM_THREADS='1', OMP_WAIT_POLICY='PASSIVE'))
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]
    assert ('mixed precision: CPUAmpOptimWrapper (bf16 autocast on the CPU)'
            in log)
    scalars = glob.glob(osp.join(work_dir, '*', 'vis_data', 'scalars.json'))
    with open(scalars[0]) as f:
        losses = [row['loss'] for row in map(json.loads, f) if 'loss' in row]
    assert len(losses) >= 3  # every iteration of the epoch logged
    assert all(math.isfinite(loss) and loss > 0 for loss in losses), losses
