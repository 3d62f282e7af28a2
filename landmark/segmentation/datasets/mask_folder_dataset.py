"""Images and masks in two folders, paired by file name."""
import os.path as osp
from typing import Dict, List, Optional

from mmengine.logging import print_log
from mmseg.datasets import BaseSegDataset
from mmseg.registry import DATASETS

from landmark.core.data_problems import ProblemLog
from landmark.core.image_files import (ImageReadError,
                                       check_image_before_loading)


@DATASETS.register_module()
class MaskFolderDataset(BaseSegDataset):
    """``images/N.png`` with ``masks/N.png`` (other folder names by
    ``data_prefix``), classes and palette from the config.

    Pairs whose image or mask is missing or has an unreadable header, or
    whose sizes differ, are skipped, each reported on one line naming the
    file (:class:`~landmark.core.data_problems.ProblemLog`, kept in
    :attr:`problems`).

    Args:
        mask_value_map (dict, optional): Mask pixel value -> class index,
            applied on loading (e.g. ``{255: 1}`` for 0/255 masks); values
            not listed stay as they are. Defaults to None (none mapped).
        strict (bool): Raise on the first bad pair instead of skipping it.
        **kwargs: :class:`BaseSegDataset` arguments (``data_root``,
            ``data_prefix``, ``metainfo=dict(classes=..., palette=...)``,
            ``ignore_index``, ``pipeline``...).

    Examples:
        >>> train_dataloader = dict(dataset=dict(
        ...     type='MaskFolderDataset', data_root='data/membrane',
        ...     data_prefix=dict(img_path='image', seg_map_path='label'),
        ...     metainfo=dict(classes=('membrane', 'cell'),
        ...                   palette=[[255, 0, 0], [0, 0, 0]]),
        ...     mask_value_map={255: 1}, pipeline=train_pipeline))
    """

    def __init__(self,
                 mask_value_map: Optional[Dict[int, int]] = None,
                 strict: bool = False,
                 img_suffix: str = '.png',
                 seg_map_suffix: str = '.png',
                 data_prefix: dict = dict(
                     img_path='images', seg_map_path='masks'),
                 **kwargs):
        self.mask_value_map = None if mask_value_map is None else {
            int(k): int(v)
            for k, v in mask_value_map.items()
        }
        self.problems = ProblemLog(strict=strict)
        super().__init__(
            img_suffix=img_suffix,
            seg_map_suffix=seg_map_suffix,
            data_prefix=data_prefix,
            **kwargs)

    def load_data_list(self) -> List[dict]:
        """mmseg's pairs, less the bad ones, with the value map."""
        if not osp.isdir(self.data_prefix.get('img_path', '')):
            raise FileNotFoundError(
                f'{type(self).__name__}: image folder '
                f'{self.data_prefix.get("img_path")!r} does not exist; '
                'expected images/N.png beside masks/N.png')
        kept = []
        for info in super().load_data_list():
            if self._pair_is_readable(info):
                if self.mask_value_map is not None:
                    info['label_map'] = self.mask_value_map
                kept.append(info)
        if self.problems.problems:
            print_log(
                f'{type(self).__name__}: {self.problems.summary()}',
                logger='current')
        # for the run's summary (core.skipped_images): the images left out
        self.left_out_photos = sorted(
            {p.source
             for p in self.problems.problems if p.skipped})
        return kept

    def _pair_is_readable(self, info: dict) -> bool:
        sizes = {}
        for key in ('img_path', 'seg_map_path'):
            path = info.get(key)
            if path is None:
                continue
            try:
                sizes[key] = check_image_before_loading(path)
            except ImageReadError as err:
                kind = 'missing_image' if not osp.isfile(path) \
                    else 'unreadable_image'
                self.problems.add(kind, path, str(err))
                return False
        if len(set(sizes.values())) > 1:
            (img_w, img_h), (mask_w, mask_h) = (sizes['img_path'],
                                                sizes['seg_map_path'])
            self.problems.add(
                'size_mismatch', info['seg_map_path'],
                f'mask is {mask_w}x{mask_h} but its image '
                f'{osp.basename(info["img_path"])} is {img_w}x{img_h}; '
                'expected the same size')
            return False
        return True
