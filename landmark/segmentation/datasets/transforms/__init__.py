from landmark.segmentation.datasets.transforms.pixel_budget_resize import (
    PixelBudgetResize, budget_size)
from landmark.segmentation.datasets.transforms.semantic_copy_paste import \
    SemanticCopyPaste

__all__ = ['PixelBudgetResize', 'SemanticCopyPaste', 'budget_size']
