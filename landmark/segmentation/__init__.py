"""Semantic segmentation on MMSegmentation (``default_scope = 'mmseg'``).

Importing it applies landmark's changes for mmseg and MMEngine
(:func:`landmark.core.compat.apply_stack_compat`) and registers landmark's
segmentation modules into mmseg's registries; it never imports mmpretrain
(mmseg itself imports mmdet, installed with landmark, for its MaskFormer
heads). Configs load it with ``custom_imports =
dict(imports=['landmark.segmentation'], allow_failed_imports=False)``.
"""
import landmark.core  # noqa: F401 (KeepLastEpochsHook)
from landmark.core.compat import apply_stack_compat

apply_stack_compat('mmseg')  # landmark.core.compat lists each change

from landmark.segmentation import (  # noqa: E402,F401
    apis, datasets, evaluation, hooks, models, visualization)

__all__ = [
    'apis', 'datasets', 'evaluation', 'hooks', 'models', 'visualization'
]
