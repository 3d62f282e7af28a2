"""mmseg's visualizer with landmark's mask overlay."""
from typing import List, Optional

import numpy as np
from mmengine.structures import PixelData
from mmseg.registry import VISUALIZERS
from mmseg.visualization import SegLocalVisualizer

from landmark.segmentation.visualization.mask_overlay import \
    draw_mask_overlay


@VISUALIZERS.register_module()
class MaskOverlayVisualizer(SegLocalVisualizer):
    """:class:`SegLocalVisualizer` (ground truth beside prediction) whose
    masks are drawn by :func:`draw_mask_overlay`: classes coloured black in
    the palette (a background) are left undrawn instead of darkening the
    image, and no class names are written over it.

    Examples:
        >>> visualizer = dict(type='MaskOverlayVisualizer',
        ...                   vis_backends=[dict(type='LocalVisBackend')],
        ...                   alpha=0.5)
    """

    def _draw_sem_seg(self,
                      image: np.ndarray,
                      sem_seg: PixelData,
                      classes: Optional[List],
                      palette: Optional[List],
                      with_labels: Optional[bool] = True) -> np.ndarray:
        """The overlay of ``sem_seg`` on the RGB ``image`` (RGB palette)."""
        labels = sem_seg.cpu().data[0].numpy()
        return draw_mask_overlay(image, labels, palette, self.alpha)
