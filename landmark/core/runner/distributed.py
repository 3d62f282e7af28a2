"""Distributed runs on the CPU (gloo) and their clean teardown."""
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

    Left to interpreter shutdown, gloo's threads were destroyed while still
    joinable ('terminate called without an active exception', exit -6) in
    about one ``dist_test.sh`` run of three on the CPU.
    """
    if torch.distributed.is_available() and \
            torch.distributed.is_initialized():
        torch.distributed.barrier()
        torch.distributed.destroy_process_group()
