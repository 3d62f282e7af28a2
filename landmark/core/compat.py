"""Every change landmark makes to another library, and the one call that
makes them.

Importing ``landmark`` or ``landmark.core`` changes no other library. Each
task package calls :func:`apply_stack_compat` when it is imported, naming
the OpenMMLab library it stands on (``landmark.detection``: ``'mmdet'``,
``landmark.classification`` and ``landmark.retrieval``: ``'mmpretrain'``,
``landmark.segmentation``: ``'mmseg'``); the call applies the changes for
that library and those for MMEngine, once (it is idempotent), and
:func:`applied_stack_compat` says what this process has applied. Outside a
task package, call it yourself::

    from landmark.core.compat import apply_stack_compat
    apply_stack_compat('mmdet')

The changes (:data:`STACK_PATCHES`; ``tests/core/test_compat.py`` shows
each symptom without its change):

``mmengine.safe_checkpoint_loader`` (every task)
    MMEngine 0.10.7 calls ``torch.load`` without ``weights_only``, which
    torch >= 2.6 defaults to ``True``: ``load_from`` and ``resume`` of any
    MMEngine checkpoint fail with ``UnpicklingError: Weights only load
    failed ... HistoryBuffer``. MMEngine's loader for local paths becomes
    :func:`~landmark.core.checkpoint_loader.load_checkpoint_safely`
    (``weights_only=True`` and an allowlist of what MMEngine checkpoints
    hold; the first refusal is logged). Kept on by default because passing
    ``weights_only=False`` would run any pickled code.
``mmpretrain.numpy_in1d``
    NumPy 2.4 removed ``np.in1d``; mmpretrain 1.2.0's ``RetrievalRecall``
    and ``RetrievalAveragePrecision`` call it (``AttributeError: module
    'numpy' has no attribute 'in1d'``). Only their module,
    ``mmpretrain.evaluation.metrics.retrieval``, gets a NumPy namespace with
    ``in1d`` (``np.isin`` on the flattened first argument, as NumPy < 2.4
    had it); NumPy itself is left alone.
``mmdet.packer_negative_strides``, ``mmseg.packer_negative_strides``
    mmdet 3.3.0's ``PackDetInputs`` and mmseg 1.2.2's ``PackSegInputs``
    treat a flipped photo one pixel wide as contiguous (a size-1 axis has no
    layout for NumPy) and hand the view to mmcv 2.1.0's ``to_tensor``:
    ``torch.from_numpy`` refuses its negative stride (``ValueError: At least
    one stride in the given numpy array is negative``) and the training run
    ends. The packers' modules get a ``to_tensor`` that copies such an
    array first.

Not changes of this kind:

- the ``atomic_local`` file backend
  (:mod:`landmark.core.atomic_file_backend`) is a new name in MMEngine's
  backends, chosen by the configs for checkpoints; the ``local`` backend
  is untouched;
- ``ChunkedDeformableAttentionHook`` (detection) swaps mmcv's
  ``multi_scale_deformable_attn_pytorch`` for a chunked one only from
  ``before_run`` to ``after_run`` of a run whose config asks for it.
"""
import importlib
import types
from dataclasses import dataclass
from typing import Callable, List, Set

import numpy as np
import torch

from landmark.core.checkpoint_loader import register_safe_checkpoint_loader

TASK_LIBRARIES = ('mmdet', 'mmpretrain', 'mmseg')


@dataclass(frozen=True)
class StackPatch:
    """One change to another library.

    Args:
        name (str): ``<library>.<what>``; the library is ``mmengine`` for a
            change every task needs, else the task library it concerns.
        upstream (str): The versions whose behaviour it works around.
        symptom (str): What goes wrong without it.
        apply (callable): Makes the change (called once).
    """
    name: str
    upstream: str
    symptom: str
    apply: Callable[[], None]

    @property
    def library(self) -> str:
        return self.name.split('.')[0]


def _in1d(ar1, ar2, assume_unique=False, invert=False, **kwargs):
    """``np.in1d`` as NumPy < 2.4 had it: ``np.isin`` on the flattened
    first argument."""
    return np.isin(
        np.asarray(ar1).ravel(),
        ar2,
        assume_unique=assume_unique,
        invert=invert,
        **kwargs)


class _NumPyWithIn1d(types.ModuleType):
    """``numpy`` for one module of another library, plus ``in1d``."""

    in1d = staticmethod(_in1d)

    def __getattr__(self, name: str):
        return getattr(np, name)


def _give_mmpretrain_retrieval_in1d() -> None:
    module = importlib.import_module('mmpretrain.evaluation.metrics.retrieval')
    if not hasattr(module.np, 'in1d'):
        module.np = _NumPyWithIn1d('numpy')


def to_tensor_any_strides(data) -> torch.Tensor:
    """mmcv's ``to_tensor``, also for an array with a negative stride."""
    from mmcv.transforms.formatting import to_tensor
    if isinstance(data, np.ndarray) and any(s < 0 for s in data.strides):
        data = data.copy()
    return to_tensor(data)


def _copy_negative_strides_in(module_name: str) -> Callable[[], None]:
    """A change making the packers of ``module_name`` (which import mmcv's
    ``to_tensor`` by name) use :func:`to_tensor_any_strides`."""

    def apply() -> None:
        from mmcv.transforms.formatting import to_tensor
        module = importlib.import_module(module_name)
        if module.to_tensor is to_tensor:
            module.to_tensor = to_tensor_any_strides

    return apply


STACK_PATCHES = (
    StackPatch(
        name='mmengine.safe_checkpoint_loader',
        upstream='mmengine 0.10.7 with torch >= 2.6',
        symptom='load_from / resume: UnpicklingError: Weights only load '
        'failed ... Unsupported global ... HistoryBuffer',
        apply=register_safe_checkpoint_loader),
    StackPatch(
        name='mmpretrain.numpy_in1d',
        upstream='mmpretrain 1.2.0 with numpy >= 2.4',
        symptom="RetrievalRecall / RetrievalAveragePrecision: AttributeError:"
        " module 'numpy' has no attribute 'in1d'",
        apply=_give_mmpretrain_retrieval_in1d),
    StackPatch(
        name='mmdet.packer_negative_strides',
        upstream='mmdet 3.3.0 PackDetInputs with mmcv 2.1.0 to_tensor',
        symptom='a flipped photo one pixel wide: ValueError: At least one '
        'stride in the given numpy array is negative',
        apply=_copy_negative_strides_in(
            'mmdet.datasets.transforms.formatting')),
    StackPatch(
        name='mmseg.packer_negative_strides',
        upstream='mmseg 1.2.2 PackSegInputs with mmcv 2.1.0 to_tensor',
        symptom='a flipped photo one pixel wide: ValueError: At least one '
        'stride in the given numpy array is negative',
        apply=_copy_negative_strides_in(
            'mmseg.datasets.transforms.formatting')),
)
"""Every change landmark makes to another library."""

_applied: Set[str] = set()


def apply_stack_compat(library: str) -> List[str]:
    """Apply the changes that a task on ``library`` needs, and MMEngine's.

    Idempotent: a change already applied in this process is skipped.

    Args:
        library (str): ``'mmdet'``, ``'mmpretrain'`` or ``'mmseg'``.

    Returns:
        list[str]: The names of the changes applied by this call.

    Examples:
        >>> apply_stack_compat('mmseg')
        ['mmengine.safe_checkpoint_loader', 'mmseg.packer_negative_strides']
        >>> apply_stack_compat('mmseg')
        []
    """
    if library not in TASK_LIBRARIES:
        raise ValueError(f'apply_stack_compat({library!r}): expected one of '
                         f'{TASK_LIBRARIES}')
    applied_now = []
    for patch in STACK_PATCHES:
        if patch.library in ('mmengine', library) and \
                patch.name not in _applied:
            patch.apply()
            _applied.add(patch.name)
            applied_now.append(patch.name)
    return applied_now


def applied_stack_compat() -> List[str]:
    """The names of the changes applied in this process so far."""
    return [p.name for p in STACK_PATCHES if p.name in _applied]
