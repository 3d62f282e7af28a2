"""The ``gpu`` tests skip, with the reason, where CUDA or mmcv's CUDA ops
are missing (``pytest -m gpu`` on a GPU machine; ``tools/gpu_check.sh``
runs them). The check runs before any fixture, so a skipped test costs
nothing (no tiny data set is generated for it)."""
import functools
from typing import Optional

import pytest


@functools.lru_cache(maxsize=None)
def missing_cuda_reason() -> Optional[str]:
    """Why the ``gpu`` tests cannot run here; None when they can."""
    import torch
    if not torch.cuda.is_available():
        return ('gpu test: CUDA is not available here (torch.cuda.'
                'is_available() is False); run pytest -m gpu on a GPU '
                'machine, as tools/gpu_check.sh does')
    from mmcv.ops import get_compiling_cuda_version
    if get_compiling_cuda_version() == 'not available':
        return ('gpu test: this mmcv was built without its CUDA ops; '
                'rebuild it with FORCE_CUDA=1 (tools/build_mmcv.sh)')
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    if item.get_closest_marker('gpu') is not None and missing_cuda_reason():
        pytest.skip(missing_cuda_reason())
