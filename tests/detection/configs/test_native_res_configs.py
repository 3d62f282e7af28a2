"""The native-resolution configs train at batch 1 with gradient
accumulation: no photo is padded to another's size, and the effective
batch, the lr and ``--auto-scale-lr`` stay what the config names say."""
import copy
import glob
import os.path as osp
import re
from types import SimpleNamespace

import pytest
import torch
from mmengine.config import Config
from mmengine.logging import MMLogger
from mmengine.optim import OptimWrapper, build_optim_wrapper
from mmengine.registry import DefaultScope
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
def test_the_optimizer_steps_once_every_two_photos(path):
    optim_cfg = copy.deepcopy(Config.fromfile(path).optim_wrapper)
    if optim_cfg.get('type') == 'AmpOptimWrapper':
        # fp16 needs a GPU; on the CPU the tools use bf16 (tested below)
        optim_cfg.type = 'OptimWrapper'
        optim_cfg.pop('loss_scale', None)
    model = torch.nn.Linear(2, 1)
    with DefaultScope.overwrite_default_scope('mmdet'):
        wrapper = build_optim_wrapper(model, optim_cfg)
    wrapper.initialize_count_status(model, 0, 4)
    before = model.weight.detach().clone()
    moved = []
    for _ in range(2):  # batch 1: one photo per step
        wrapper.update_params(model(torch.ones(1, 2)).sum())
        moved.append(not torch.equal(model.weight, before))
    assert moved == [False, True]  # the weights change after 2 photos


@pytest.mark.parametrize('path', NATIVE_RES, ids=osp.basename)
def test_auto_scale_lr_counts_the_accumulated_steps(path):
    cfg = Config.fromfile(path)
    lr = cfg.optim_wrapper.optimizer.lr
    apply_auto_scale_lr(cfg, path)
    # one GPU x batch 1 x 2 steps is the base batch of 2: lr unchanged;
    # 8 GPUs make the effective batch 16: lr x8
    assert scaled_lr(cfg, world_size=1) == pytest.approx(lr)
    assert scaled_lr(cfg, world_size=8) == pytest.approx(8 * lr)


DINO_NATIVE_RES = [path for path in NATIVE_RES if '/dino/' in path]


@pytest.mark.parametrize('path', DINO_NATIVE_RES, ids=osp.basename)
def test_dino_checkpoints_backbone_encoder_and_decoder_layers(path):
    # the README's one-run table: without the encoder/decoder layers
    # checkpointed no DINO trains above 2048x1536 in 24 GiB, and the 12 MP
    # prediction without them is 55-77 GiB
    cfg = Config.fromfile(path)
    hooks = [
        h for h in cfg.get('custom_hooks', [])
        if h['type'] == 'ActivationCheckpointingHook'
    ]
    # the layers whose checkpointing leaves losses, gradients and
    # predictions unchanged (tests/core/test_activation_checkpointing.py)
    assert [h['modules']
            for h in hooks] == [['encoder.layers', 'decoder.layers']]
    assert cfg.model.backbone.with_cp is True


def test_headline_trains_in_mixed_precision_without_the_flag(tmp_path):
    from landmark.detection.apis import prepare_train_config
    cfg = prepare_train_config(
        HEADLINE, work_dir=str(tmp_path), from_scratch=True)
    # fp16 AmpOptimWrapper on a GPU, bf16 CPUAmpOptimWrapper on the CPU;
    # the rest of the wrapper (accumulation, clipping) is the config's
    expected = ('AmpOptimWrapper'
                if torch.cuda.is_available() else 'CPUAmpOptimWrapper')
    assert cfg.optim_wrapper.type == expected
    assert cfg.optim_wrapper.accumulative_counts == 2
    assert cfg.optim_wrapper.clip_grad.max_norm == 0.1
    # a config that does not ask for it stays in fp32 without --amp
    swin_t = HEADLINE.replace('dino-5scale_swin-l', 'dino-4scale_swin-t')
    cfg = prepare_train_config(
        swin_t, work_dir=str(tmp_path), from_scratch=True)
    assert cfg.optim_wrapper.type == 'OptimWrapper'
