"""Semantic segmentation on MMSegmentation (``default_scope = 'mmseg'``).

Importing it registers landmark's segmentation modules into mmseg's
registries; it never imports mmdet or mmpretrain. Configs load it with
``custom_imports = dict(imports=['landmark.segmentation'],
allow_failed_imports=False)``.
"""
import landmark.core  # noqa: F401 (safe checkpoints, KeepLastEpochsHook)
from landmark.segmentation.mmseg_import import import_mmseg_without_mmdet

import_mmseg_without_mmdet()  # before any module below imports mmseg's

from landmark.segmentation import (  # noqa: E402,F401
    apis, datasets, evaluation, hooks, models, visualization)

__all__ = [
    'apis', 'datasets', 'evaluation', 'hooks', 'models', 'visualization'
]
