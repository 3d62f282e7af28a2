"""Distributed runs on the CPU (gloo) and their clean teardown."""
import gc

import torch
from mmengine.config import Config, ConfigDict


def prepare_cpu_distributed(cfg: Config) -> None:
    """Make ``--launcher pytorch`` work without CUDA (gloo on the CPU).

    MMEngine assumes GPUs in distributed mode: NCCL, ``cuda.set_device``
    and ``device_ids=[LOCAL_RANK]`` for DDP. Without CUDA this starts the
    gloo process group itself (MMEngine then skips its own start) and wraps
    the model in DDP without device ids.
    """
    if cfg.launcher == 'none' or torch.cuda.is_available():
        return
    cfg.setdefault('env_cfg', ConfigDict())
    cfg.env_cfg.setdefault('dist_cfg', ConfigDict())
    cfg.env_cfg.dist_cfg['backend'] = 'gloo'
    cfg.model_wrapper_cfg = ConfigDict(
        type='MMDistributedDataParallel',
        device_ids=None,
        broadcast_buffers=False,
        find_unused_parameters=cfg.get('find_unused_parameters', False))
    if cfg.launcher == 'pytorch' and not torch.distributed.is_initialized():
        torch.distributed.init_process_group(backend='gloo')


def finish_distributed() -> None:
    """Tear the process group down before the interpreter exits.

    Call it after dropping the last reference to the ``Runner``: MMEngine's
    runner and its loops refer to each other, so the DDP wrapper, its
    reducer and the gloo work they hold would otherwise live until the
    interpreter's final garbage collection, where a gloo thread that drops
    a tensor can no longer take the GIL and aborts the process ('terminate
    called without an active exception', exit -6; about one
    ``dist_train.sh`` run in 12 beside a busy CPU). Here the barrier
    lets every rank finish its last collective, ``gc.collect`` frees the
    runner while Python is alive, and the group is destroyed after.
    """
    if torch.distributed.is_available() and \
            torch.distributed.is_initialized():
        torch.distributed.barrier()
        gc.collect()
        torch.distributed.destroy_process_group()
