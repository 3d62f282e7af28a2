"""Segmentation tests build registry types in MMSegmentation's scope."""
import pytest


@pytest.fixture(autouse=True)
def mmdet_default_scope():
    """Overrides the suite-wide fixture of this name (tests/conftest.py),
    which makes 'mmdet' the current scope, with 'mmseg' for these tests."""
    from mmengine.registry import DefaultScope
    with DefaultScope.overwrite_default_scope('mmseg'):
        yield
