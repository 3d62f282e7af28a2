"""Fixtures of the retrieval tests: mmpretrain's scope."""
import pytest

import landmark.retrieval  # noqa: F401  (registers the modules)


@pytest.fixture(autouse=True)
def mmdet_default_scope():
    """Overrides the suite-wide fixture of the same name: retrieval builds
    its registry types in mmpretrain's scope."""
    from mmengine.registry import DefaultScope
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        yield
