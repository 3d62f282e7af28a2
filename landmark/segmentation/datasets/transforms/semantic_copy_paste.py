"""Copy-paste for semantic masks: another training image's pixels of some
classes, pasted with their labels."""
import random
from typing import Sequence

import mmcv
import numpy as np
from mmcv.transforms import BaseTransform
from mmcv.transforms.utils import cache_randomness
from mmseg.registry import TRANSFORMS


@TRANSFORMS.register_module()
class SemanticCopyPaste(BaseTransform):
    """Paste the pixels of ``classes`` from another training image (and
    their labels from its mask) into the current image and mask.

    The other image comes from the data set as mmseg's ``RandomMosaic``
    gets its others: inside ``MultiImageMixDataset``, :meth:`get_indices`
    picks it and the wrapper puts it, through the data set's own pipeline,
    in ``results['mix_results']``. A donor of another size is resized to
    the current one (bilinear image, nearest-neighbour mask). Donor pixels
    labelled ``ignore_index`` are never pasted; the current mask's ignored
    pixels stay ignored unless a pasted pixel covers them.

    Required keys: ``img``, ``gt_seg_map`` (and every key of
    ``seg_fields``), ``mix_results``. Modified keys: ``img``, the
    segmentation maps.

    Args:
        prob (float): Probability of pasting. Defaults to 0.5.
        classes (Sequence[int]): Class indices whose pixels are pasted.
        ignore_index (int): The mask's ignore value. Defaults to 255.

    Examples:
        >>> train_dataloader = dict(dataset=dict(
        ...     type='MultiImageMixDataset',
        ...     dataset=dict(type='MaskFolderDataset', ...,
        ...                  pipeline=[dict(type='LoadImageFromFile'),
        ...                            dict(type='LoadAnnotations'),
        ...                            dict(type='RandomCrop',
        ...                                 crop_size=(256, 256))]),
        ...     pipeline=[dict(type='SemanticCopyPaste', prob=0.5,
        ...                    classes=[1, 2, 3]),
        ...               dict(type='PackSegInputs')]))
    """

    def __init__(self,
                 classes: Sequence[int],
                 prob: float = 0.5,
                 ignore_index: int = 255) -> None:
        if not 0 <= prob <= 1:
            raise ValueError(f'SemanticCopyPaste: prob={prob}; expected a '
                             'probability in [0, 1]')
        if not len(classes):
            raise ValueError('SemanticCopyPaste: classes is empty; expected '
                             'the class indices to paste')
        if ignore_index in classes:
            raise ValueError(f'SemanticCopyPaste: classes {list(classes)} '
                             f'hold the ignore value {ignore_index}; expected '
                             'class indices only')
        self.classes = [int(c) for c in classes]
        self.prob = prob
        self.ignore_index = ignore_index

    def get_indices(self, dataset) -> int:
        """The index of the donor image (called by
        ``MultiImageMixDataset``)."""
        return random.randrange(len(dataset))

    @cache_randomness
    def _pastes(self) -> bool:
        return random.random() < self.prob

    def transform(self, results: dict) -> dict:
        """Paste the donor's class pixels; unchanged when the coin says no
        or no donor is given."""
        if not self._pastes() or not results.get('mix_results'):
            return results
        donor = results['mix_results'][0]
        height, width = results['img'].shape[:2]
        donor_seg = self._resized(donor['gt_seg_map'], height, width,
                                  'nearest')
        pasted = np.isin(donor_seg, self.classes)
        if not pasted.any():
            return results
        donor_img = self._resized(donor['img'], height, width, 'bilinear')
        img = results['img'].copy()
        img[pasted] = donor_img[pasted]
        results['img'] = img
        for key in results.get('seg_fields', ['gt_seg_map']):
            seg = results[key].copy()
            seg[pasted] = self._resized(
                donor.get(key, donor['gt_seg_map']), height, width,
                'nearest')[pasted]
            results[key] = seg
        return results

    @staticmethod
    def _resized(array: np.ndarray, height: int, width: int,
                 interpolation: str) -> np.ndarray:
        if array.shape[:2] == (height, width):
            return array
        return mmcv.imresize(
            array, (width, height), interpolation=interpolation)

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(classes={self.classes}, '
                f'prob={self.prob}, ignore_index={self.ignore_index})')
