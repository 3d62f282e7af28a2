"""The native-resolution configs train at batch 1 with gradient
accumulation: no photo is padded to another's size, and the effective
batch, the lr and ``--auto-scale-lr`` stay what the config names say."""
import glob
import os.path as osp
import re
from types import SimpleNamespace

import pytest
import torch
from mmengine.config import Config
from mmengine.logging import MMLogger
from mmengine.optim import OptimWrapper
from mmengine.runner import Runner

from landmark.core.runner import apply_auto_scale_lr
from landmark.testing import REPO_ROOT

NATIVE_RES = sorted({
    *glob.glob(osp.join(REPO_ROOT, 'configs/dino/*native-res*.py')),
    *glob.glob(osp.join(REPO_ROOT, 'configs/*/*r50*native-res*.py'))
})
HEADLINE = osp.join(
    REPO_ROOT, 'configs/dino/'
    'dino-5scale_swin-l_1xb2-native-res-12e_landmark.py')


def stated_batch(path: str) -> int:
    """The effective batch a config's name states: ``1xb2`` -> 2."""
    gpus, per_gpu = re.search(r'_(\d+)xb(\d+)-', osp.basename(path)).groups()
    return int(gpus) * int(per_gpu)


def scaled_lr(cfg: Config, world_size: int) -> float:
    """The lr MMEngine's Runner.scale_lr sets for this many GPUs."""
    param = torch.nn.Parameter(torch.zeros(1))
    lr = cfg.optim_wrapper.optimizer.lr
    wrapper = OptimWrapper(torch.optim.SGD([param], lr=lr))
    runner = SimpleNamespace(
        _train_dataloader=cfg.train_dataloader,
        world_size=world_size,
        logger=MMLogger.get_instance('test_native_res_configs'),
        param_schedulers=[])
    Runner.scale_lr(runner, wrapper, cfg.auto_scale_lr)
    return wrapper.optimizer.param_groups[0]['lr']


def test_every_native_res_config_is_found():
    # 3 DINO + Faster R-CNN, RetinaNet, Cascade R-CNN
    assert len(NATIVE_RES) == 6, NATIVE_RES


@pytest.mark.parametrize('path', NATIVE_RES, ids=osp.basename)
def test_batch_one_times_accumulation_is_the_stated_batch(path):
    cfg = Config.fromfile(path)
    assert cfg.train_dataloader.batch_size == 1
    counts = cfg.optim_wrapper.accumulative_counts
    assert 1 * counts == stated_batch(path) == 2
    assert cfg.auto_scale_lr.base_batch_size == stated_batch(path)


@pytest.mark.parametrize('path', NATIVE_RES, ids=osp.basename)
def test_auto_scale_lr_counts_the_accumulated_steps(path):
    cfg = Config.fromfile(path)
    lr = cfg.optim_wrapper.optimizer.lr
    apply_auto_scale_lr(cfg, path)
    # one GPU x batch 1 x 2 steps is the base batch of 2: lr unchanged;
    # 8 GPUs make the effective batch 16: lr x8
    assert scaled_lr(cfg, world_size=1) == pytest.approx(lr)
    assert scaled_lr(cfg, world_size=8) == pytest.approx(8 * lr)


def test_headline_checkpoints_encoder_and_decoder_layers():
    cfg = Config.fromfile(HEADLINE)
    hooks = [
        h for h in cfg.get('custom_hooks', [])
        if h['type'] == 'ActivationCheckpointingHook'
    ]
    # the layers whose checkpointing leaves losses, gradients and
    # predictions unchanged (tests/core/test_activation_checkpointing.py)
    assert [h['modules']
            for h in hooks] == [['encoder.layers', 'decoder.layers']]
    assert cfg.model.backbone.with_cp is True
