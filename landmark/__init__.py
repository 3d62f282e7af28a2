"""landmark: single-object detection on MMDetection 3.x.

Importing the package registers its datasets, transforms, models, metrics
and hooks into MMDetection's registries, so a config only needs::

    custom_imports = dict(imports=['landmark'], allow_failed_imports=False)
"""
from . import datasets, engine, evaluation, models, visualization
from .version import __version__

__all__ = [
    '__version__', 'datasets', 'engine', 'evaluation', 'models',
    'visualization'
]
