"""mmpretrain's ``ImageToImageRetriever``, which reads its gallery itself,
keeping the gallery photos it could not use for the run's summary."""
from typing import List

from mmpretrain.models.retrievers import ImageToImageRetriever
from mmpretrain.registry import MODELS


@MODELS.register_module()
class GalleryRetriever(ImageToImageRetriever):
    """``ImageToImageRetriever`` that lists the gallery photos its
    ``prototype`` data set left out (missing, unreadable: each named in the
    log when the set is built) as ``left_out_photos``, so that
    ``tools/test.py`` ends with exit 1 and the summary line of every task
    (:func:`landmark.core.skipped_images.skipped_photos_summary`) when the
    gallery lost photos, as ``tools/retrieve.py`` does.

    Examples:
        >>> model = dict(type='GalleryRetriever', image_encoder=[...],
        ...              head=dict(type='ArcFaceClsHead', ...),
        ...              prototype=dict(dataset=..., batch_size=32))
    """

    left_out_photos: List[str] = []

    def _get_prototype_vecs_from_dataloader(self, data_loader):
        self.left_out_photos = list(
            getattr(data_loader.dataset, 'left_out_photos', ()))
        return super()._get_prototype_vecs_from_dataloader(data_loader)
