"""Image classification on mmpretrain (``default_scope = 'mmpretrain'``).

Importing it applies landmark's changes for mmpretrain and MMEngine
(:func:`landmark.core.compat.apply_stack_compat`) and registers landmark's
modules in mmpretrain's registries. It never imports mmseg (mmpretrain
itself imports mmdet, which is installed with landmark, for one of its
layers).
"""
from landmark.core.compat import apply_stack_compat

apply_stack_compat('mmpretrain')  # landmark.core.compat lists each change

from landmark.classification import (apis, datasets, engine,  # noqa: E402
                                     evaluation, models, visualization)

__all__ = [
    'apis', 'datasets', 'engine', 'evaluation', 'models', 'visualization'
]
