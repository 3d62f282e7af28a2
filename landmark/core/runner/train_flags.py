"""MMEngine's training flags (``--amp``, ``--auto-scale-lr``, ``--resume``,
``--from-scratch``) applied to a config, whatever the task."""
import os.path as osp
from typing import Optional

import torch
from mmengine.config import Config
from mmengine.logging import print_log

from landmark.core.optim import CPUAmpOptimWrapper
from landmark.core.pretrained_weights import (check_pretrained_weights,
                                              drop_pretrained_weights)


def amp_requested(cfg: Config, amp: bool = False) -> bool:
    """Whether to train in mixed precision: ``--amp``, or a config whose
    ``optim_wrapper`` is MMEngine's ``AmpOptimWrapper`` (MMDetection's way
    of switching it on in a config, as the headline Swin-L config does),
    which :func:`apply_amp` turns into the CPU's bf16 wrapper where there
    is no GPU."""
    return amp or cfg.get('optim_wrapper', {}).get('type') == 'AmpOptimWrapper'


def apply_amp(cfg: Config, device: Optional[str] = None) -> None:
    """``--amp``: automatic mixed precision for the device that trains.

    On a GPU, MMEngine's ``AmpOptimWrapper``: fp16 autocast with a dynamic
    loss scale. On the CPU (where ``AmpOptimWrapper`` refuses to start),
    :class:`CPUAmpOptimWrapper`: bf16 autocast, no loss scale. The rest of
    ``optim_wrapper`` (optimizer, clipping, ``accumulative_counts``) stays.

    Args:
        cfg (Config): The config to change.
        device (str, optional): ``'cuda'`` or ``'cpu'``. Defaults to None
            (``'cuda'`` when CUDA is available).
    """
    if device is None:
        device = 'cuda' if torch.cuda.is_available() else 'cpu'
    if device.startswith('cuda'):
        cfg.optim_wrapper.type = 'AmpOptimWrapper'
        cfg.optim_wrapper.loss_scale = 'dynamic'
        cfg.optim_wrapper.pop('dtype', None)
        wrapper = 'AmpOptimWrapper (fp16, dynamic loss scale)'
    else:
        cfg.optim_wrapper.type = CPUAmpOptimWrapper.__name__
        cfg.optim_wrapper.dtype = 'bfloat16'
        cfg.optim_wrapper.pop('loss_scale', None)
        wrapper = 'CPUAmpOptimWrapper (bf16 autocast on the CPU)'
    print_log(f'mixed precision: {wrapper}', logger='current')


def apply_auto_scale_lr(cfg: Config, config: str) -> None:
    """``--auto-scale-lr``: scale the learning rate by the effective batch.

    ``auto_scale_lr.base_batch_size`` is the effective batch the lr was set
    for (GPUs x ``batch_size`` x ``optim_wrapper.accumulative_counts``).
    MMEngine's ``Runner`` compares it with GPUs x ``batch_size`` only, so
    with gradient accumulation the base handed to it is divided by
    ``accumulative_counts``: batch 1 x 2 accumulated steps on one GPU keeps
    the lr of a base of 2, and 8 GPUs multiply it by 8.

    Args:
        cfg (Config): The config to change.
        config (str): Its file, named in the error.

    Raises:
        KeyError: The config has no ``auto_scale_lr.base_batch_size``.
    """
    if 'base_batch_size' not in cfg.get('auto_scale_lr', {}):
        raise KeyError(f'{config}: --auto-scale-lr needs '
                       'auto_scale_lr = dict(base_batch_size=...)')
    cfg.auto_scale_lr.enable = True
    counts = cfg.get('optim_wrapper', {}).get('accumulative_counts', 1)
    if counts > 1:
        base = cfg.auto_scale_lr.base_batch_size
        cfg.auto_scale_lr.base_batch_size = base / counts
        print_log(
            f'--auto-scale-lr: base_batch_size {base} is the effective '
            f'batch; with accumulative_counts={counts} the lr scales by '
            f'GPUs x batch_size / {base / counts:g}',
            logger='current')


def apply_resume(cfg: Config, resume: Optional[str]) -> None:
    """``--resume``: ``'auto'`` resumes from the latest checkpoint in the
    work dir, a path from that file, None changes nothing.

    Raises:
        FileNotFoundError: ``resume`` is a path that does not exist.
    """
    if resume == 'auto':
        cfg.resume = True
        cfg.load_from = None
    elif resume is not None:
        if not osp.isfile(resume):
            raise FileNotFoundError(
                f'--resume: checkpoint {resume!r} does not exist')
        cfg.resume = True
        cfg.load_from = resume


def apply_pretrained_weights(cfg: Config, from_scratch: bool) -> None:
    """``--from-scratch`` drops every pretrained checkpoint of the model;
    otherwise (unless resuming) each one must be reachable.

    Raises:
        PretrainedWeightsError: A pretrained file is missing or unreachable.
    """
    if from_scratch:
        dropped = drop_pretrained_weights(cfg.model)
        print_log(
            f'--from-scratch: {dropped} pretrained checkpoint(s) dropped',
            logger='current')
    elif not cfg.get('resume', False):
        check_pretrained_weights(cfg.model)


def apply_train_flags(cfg: Config,
                      config: str,
                      amp: bool = False,
                      auto_scale_lr: bool = False,
                      resume: Optional[str] = None,
                      from_scratch: bool = False) -> None:
    """All of ``tools/train.py``'s training flags, in the order every task
    applies them: ``--amp``, ``--auto-scale-lr``, ``--resume``, then the
    pretrained weights (``--from-scratch``).

    Raises:
        KeyError: ``--auto-scale-lr`` on a config without
            ``auto_scale_lr.base_batch_size``.
        FileNotFoundError: ``resume`` is a path that does not exist.
        PretrainedWeightsError: A pretrained file is missing or unreachable.
    """
    if amp_requested(cfg, amp):
        apply_amp(cfg)
    if auto_scale_lr:
        apply_auto_scale_lr(cfg, config)
    apply_resume(cfg, resume)
    apply_pretrained_weights(cfg, from_scratch)
