import os.path as osp

import pytest

from landmark.detection.apis import prepare_test_config, prepare_train_config
from landmark.testing import REPO_ROOT

TINY = osp.join(REPO_ROOT, 'configs', 'faster-rcnn',
                'faster-rcnn_r18-tiny-fpn_1xb4-320px-12e_landmark.py')


def test_train_flags(tmp_path):
    cfg = prepare_train_config(
        TINY,
        work_dir=str(tmp_path),
        amp=True,
        auto_scale_lr=True,
        resume='auto',
        cfg_options={
            'train_cfg.max_epochs': 3,
            'trust_legacy_checkpoints': False
        })
    assert cfg.work_dir == str(tmp_path)
    # fp16 AmpOptimWrapper on a GPU, bf16 CPUAmpOptimWrapper on the CPU
    assert cfg.optim_wrapper.type in ('AmpOptimWrapper', 'CPUAmpOptimWrapper')
    assert cfg.auto_scale_lr.enable is True
    assert cfg.resume is True and cfg.load_from is None
    assert cfg.train_cfg.max_epochs == 3
    with pytest.raises(FileNotFoundError, match='nope.pth'):
        prepare_train_config(TINY, resume=str(tmp_path / 'nope.pth'))


def test_trust_key_is_honoured(tmp_path):
    from landmark.core import (legacy_checkpoints_trusted,
                               trust_legacy_checkpoints)
    checkpoint = tmp_path / 'x.pth'
    checkpoint.write_bytes(b'')
    try:
        prepare_test_config(
            TINY,
            str(checkpoint),
            work_dir=str(tmp_path),
            cfg_options={'trust_legacy_checkpoints': True})
        assert legacy_checkpoints_trusted()
    finally:
        trust_legacy_checkpoints(None)
