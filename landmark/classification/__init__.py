"""Image classification on mmpretrain (``default_scope = 'mmpretrain'``).

Importing it fixes what mmpretrain 1.2.0 breaks on the pinned stack
(:mod:`~landmark.classification.stack_compat`) and registers landmark's
modules in mmpretrain's registries. It never imports mmdet or mmseg.
"""
from landmark.classification.stack_compat import apply_stack_fixes

apply_stack_fixes()

from landmark.classification import engine  # noqa: E402
from landmark.classification import (apis, datasets, evaluation, models,
                                     visualization)

__all__ = [
    'apis', 'datasets', 'engine', 'evaluation', 'models', 'visualization'
]
