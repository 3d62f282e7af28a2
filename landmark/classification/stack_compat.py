"""Fixes for what mmpretrain 1.2.0 breaks on landmark's pinned stack.

Applied once, on ``import landmark.classification``, never by editing
site-packages:

* NumPy 2.x removed ``np.in1d`` (``np.isin`` replaces it), which
  mmpretrain's retrieval metrics call (``RetrievalRecall``,
  ``RetrievalAveragePrecision``). The alias is added back to ``numpy``.
* ``mmpretrain.models.utils.res_layer_extra_norm`` imports mmdet when it is
  installed, only to register a detection-benchmark layer in mmdet's
  registry. The classification package must not pull in another task's
  library, so mmpretrain's models are imported with mmdet hidden (unless
  something already imported mmdet, in which case nothing is hidden).
"""
import sys

import numpy as np


def _in1d(ar1, ar2, assume_unique=False, invert=False, **kwargs):
    """``np.in1d`` as NumPy < 2.4 had it: ``np.isin`` on the flattened
    first argument."""
    return np.isin(
        np.asarray(ar1).ravel(),
        ar2,
        assume_unique=assume_unique,
        invert=invert,
        **kwargs)


def add_numpy_in1d() -> None:
    """Give NumPy back ``in1d`` where it lacks it (NumPy >= 2.4)."""
    if not hasattr(np, 'in1d'):
        np.in1d = _in1d


def import_mmpretrain_without_mmdet() -> None:
    """Import mmpretrain's registries and modules without importing mmdet."""
    hide = 'mmdet' not in sys.modules
    if hide:
        # a None entry makes `import mmdet` raise ImportError, which
        # mmpretrain catches (the layer it guards is then None)
        sys.modules['mmdet'] = None
    try:
        import mmpretrain.datasets  # noqa: F401
        import mmpretrain.engine  # noqa: F401
        import mmpretrain.evaluation  # noqa: F401
        import mmpretrain.models  # noqa: F401
    finally:
        if hide and sys.modules.get('mmdet', 0) is None:
            del sys.modules['mmdet']


def apply_stack_fixes() -> None:
    """Everything above, idempotent."""
    add_numpy_in1d()
    import_mmpretrain_without_mmdet()
