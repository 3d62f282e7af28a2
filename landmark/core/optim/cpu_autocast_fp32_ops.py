"""mmcv operators without a bf16 CPU kernel run in fp32 under CPU autocast.

mmcv's CPU kernels of ``nms`` and ``roi_align`` accept float32 only, so
under ``torch.autocast('cpu', dtype=torch.bfloat16)`` the two-stage
detectors stop with "expected scalar type Float but found BFloat16" (on a
GPU, mmcv has fp16 kernels and MMEngine's ``AmpOptimWrapper`` needs none of
this). :func:`run_mmcv_ops_in_fp32_under_cpu_autocast` wraps them: under
CPU autocast their floating-point inputs are cast to float32, they run
with autocast off, and a floating-point result is cast back to the type of
the first floating-point input (the casts are ordinary differentiable
operations, so gradients flow as before). Nothing changes outside CPU
autocast.
"""
import functools
import importlib
from typing import Callable, List

import torch

# (module, class, method) of the mmcv operators concerned: the autograd
# function of NMS (no gradient), the RoIAlign layer (its forward, so the
# casts stay outside the autograd function and its backward gets fp32)
MMCV_FP32_FORWARDS = (('mmcv.ops.nms', 'NMSop', 'forward'),
                      ('mmcv.ops.roi_align', 'RoIAlign', 'forward'))


def _fp32_under_cpu_autocast(forward: Callable) -> Callable:

    @functools.wraps(forward)
    def wrapper(*args, **kwargs):
        if not torch.is_autocast_enabled('cpu'):
            return forward(*args, **kwargs)
        floating = [
            a for a in args if torch.is_tensor(a) and a.is_floating_point()
        ]
        dtype = floating[0].dtype if floating else None

        def to_fp32(a):
            return a.float() if torch.is_tensor(a) and \
                a.is_floating_point() else a

        with torch.autocast('cpu', enabled=False):
            out = forward(*[to_fp32(a) for a in args], **{
                k: to_fp32(v)
                for k, v in kwargs.items()
            })
        if dtype is not None and torch.is_tensor(out) and \
                out.is_floating_point():
            out = out.to(dtype)
        return out

    wrapper.landmark_fp32_under_cpu_autocast = True
    return wrapper


def run_mmcv_ops_in_fp32_under_cpu_autocast() -> List[str]:
    """Make the mmcv operators of :data:`MMCV_FP32_FORWARDS` run in fp32
    under CPU autocast (once; without mmcv there is nothing to do).

    Returns:
        list[str]: The operators wrapped by this call.
    """
    wrapped = []
    for module_name, class_name, method in MMCV_FP32_FORWARDS:
        try:
            cls = getattr(importlib.import_module(module_name), class_name)
        except ImportError:  # a task without mmcv's compiled ops
            continue
        forward = getattr(cls, method)
        if getattr(forward, 'landmark_fp32_under_cpu_autocast', False):
            continue
        new = _fp32_under_cpu_autocast(forward)
        # NMSop.forward is a staticmethod of an autograd Function
        is_static = isinstance(cls.__dict__[method], staticmethod)
        setattr(cls, method, staticmethod(new) if is_static else new)
        wrapped.append(f'{module_name}.{class_name}.{method}')
    return wrapped
