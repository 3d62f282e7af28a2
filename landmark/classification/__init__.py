"""Image classification on mmpretrain (``default_scope = 'mmpretrain'``).

Importing it fixes what mmpretrain 1.2.0 breaks on the pinned stack
(:mod:`~landmark.classification.stack_compat`) and registers landmark's
modules in mmpretrain's registries. It never imports mmdet or mmseg.
"""
# isort: off
# the stack fixes must run before anything imports mmpretrain's models
from landmark.classification.stack_compat import apply_stack_fixes

apply_stack_fixes()

from landmark.classification import apis, datasets, engine  # noqa: E402
from landmark.classification import evaluation, models  # noqa: E402
from landmark.classification import visualization  # noqa: E402
# isort: on

__all__ = [
    'apis', 'datasets', 'engine', 'evaluation', 'models', 'visualization'
]
