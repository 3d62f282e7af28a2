"""Mixed precision on the CPU: bf16 autocast, no loss scaling."""
from contextlib import contextmanager
from typing import Union

import torch
from mmengine.optim import OptimWrapper
from mmengine.registry import OPTIM_WRAPPERS
from torch import nn

from landmark.core.optim.cpu_autocast_fp32_ops import \
    run_mmcv_ops_in_fp32_under_cpu_autocast


@OPTIM_WRAPPERS.register_module()
class CPUAmpOptimWrapper(OptimWrapper):
    """MMEngine's ``OptimWrapper`` with the forward pass under CPU autocast.

    MMEngine's ``AmpOptimWrapper`` refuses to start without CUDA (or another
    accelerator), so ``--amp`` on the CPU uses this instead: the forward
    pass (data preprocessor, model, losses) runs under
    ``torch.autocast('cpu', dtype=torch.bfloat16)``; backward and the
    optimizer step stay as they are (fp32 weights and gradients). bf16 keeps
    fp32's exponent range, so no loss scale is needed. mmcv's ``nms`` and
    ``roi_align``, which have no bf16 CPU kernel, run in fp32 inside it
    (:func:`run_mmcv_ops_in_fp32_under_cpu_autocast`).

    Args:
        dtype (str | torch.dtype): The autocast type, ``'bfloat16'`` (the
            type CPU autocast supports best) or ``'float16'``. Defaults to
            ``'bfloat16'``.
        **kwargs: Those of ``OptimWrapper`` (``optimizer``, ``clip_grad``,
            ``accumulative_counts``).

    Examples:
        >>> optim_wrapper = dict(
        ...     type='CPUAmpOptimWrapper', dtype='bfloat16',
        ...     optimizer=dict(type='AdamW', lr=1e-4))
    """

    def __init__(self,
                 dtype: Union[str, torch.dtype] = 'bfloat16',
                 **kwargs) -> None:
        super().__init__(**kwargs)
        if isinstance(dtype, str):
            if dtype not in ('bfloat16', 'float16'):
                raise ValueError(f'CPUAmpOptimWrapper: dtype {dtype!r}; '
                                 "expected 'bfloat16' or 'float16'")
            dtype = getattr(torch, dtype)
        self.cast_dtype = dtype
        run_mmcv_ops_in_fp32_under_cpu_autocast()

    @contextmanager
    def optim_context(self, model: nn.Module):
        """Gradient accumulation as ``OptimWrapper``, plus CPU autocast."""
        with super().optim_context(model), torch.autocast(
                device_type='cpu', dtype=self.cast_dtype):
            yield
