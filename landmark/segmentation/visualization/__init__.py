from landmark.segmentation.visualization.mask_overlay import (
    black_palette_labels, draw_mask_overlay)
from landmark.segmentation.visualization.mask_overlay_visualizer import \
    MaskOverlayVisualizer

__all__ = [
    'black_palette_labels', 'draw_mask_overlay', 'MaskOverlayVisualizer'
]
