"""Modules placed inside or after the backbone (RSG)."""
from landmark.classification.models.necks.rsg_module import (RSGModule,
                                                             head_class_mask)

__all__ = ['RSGModule', 'head_class_mask']
