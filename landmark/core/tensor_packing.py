"""A fix for photos one pixel wide or high in the OpenMMLab packers.

``RandomFlip`` flips with ``np.flip``, a view with a negative stride. A
photo of width (or height) 1 stays "C-contiguous" for NumPy after the flip
(a size-1 axis has no layout), so ``PackDetInputs`` / ``PackSegInputs`` hand
the view straight to ``torch.from_numpy``, which refuses negative strides:
one such photo in a training set ended the run with a data-loader
traceback. The packers' ``to_tensor`` is replaced (in the packers' modules,
never by editing site-packages) by one that copies such an array first.
"""
import importlib

import numpy as np
import torch
from mmcv.transforms import formatting as mmcv_formatting

_MMCV_TO_TENSOR = mmcv_formatting.to_tensor


def to_tensor_any_strides(data) -> torch.Tensor:
    """mmcv's ``to_tensor``, also for an array with a negative stride."""
    if isinstance(data, np.ndarray) and any(s < 0 for s in data.strides):
        data = data.copy()
    return _MMCV_TO_TENSOR(data)


def patch_packer_to_tensor(module_name: str) -> None:
    """Make the packers of ``module_name`` (e.g.
    ``'mmdet.datasets.transforms.formatting'``) use
    :func:`to_tensor_any_strides`; idempotent."""
    module = importlib.import_module(module_name)
    if getattr(module, 'to_tensor', None) is _MMCV_TO_TENSOR:
        module.to_tensor = to_tensor_any_strides
