"""Single-object detection on MMDetection 3.x (scope ``mmdet``).

Importing the package registers its datasets, transforms, models, metrics
and hooks into MMDetection's registries, so a config only needs::

    custom_imports = dict(
        imports=['landmark.detection'], allow_failed_imports=False)
"""
from landmark import core  # noqa: F401 (safe checkpoint loader)
from landmark.detection import (datasets, evaluation, hooks, models,
                                visualization)

__all__ = ['datasets', 'evaluation', 'hooks', 'models', 'visualization']
