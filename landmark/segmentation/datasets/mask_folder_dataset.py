"""Images and masks in two folders, paired by file name."""
import os
import os.path as osp
from collections import Counter
from typing import Dict, List, Optional

import numpy as np
from mmengine.logging import print_log
from mmseg.datasets import BaseSegDataset
from mmseg.registry import DATASETS
from PIL import Image

from landmark.core.data_problems import ProblemLog
from landmark.core.image_files import (ImageReadError,
                                       check_image_before_loading)

# PIL modes that mmseg's LoadAnnotations reads as one value per pixel
INDEX_MASK_MODES = ('L', 'P', '1', 'I', 'I;16', 'I;16B')
CONVERTER = 'tools/dataset_converters/masks_to_index.py'


class MaskDatasetError(ValueError):
    """A data set no pair of which can be used; one line naming a file and
    what was expected."""


class MissingImageFolderError(MaskDatasetError, FileNotFoundError):
    """The image folder (``data_root`` + ``data_prefix.img_path``) does not
    exist; one line naming it."""


@DATASETS.register_module()
class MaskFolderDataset(BaseSegDataset):
    """``images/N.png`` with ``masks/N.png`` (other folder names by
    ``data_prefix``, other endings by ``img_suffix`` / ``seg_map_suffix``,
    e.g. ``images/train/N.jpg`` with ``masks/train/N_mask.png``), classes
    and palette from the config.

    Pairs whose image or mask is missing or has an unreadable header, whose
    sizes differ, whose mask is an RGB colour mask (not one class index per
    pixel) or holds values that are neither a class index nor
    ``ignore_index`` are skipped, each reported on one line naming the file
    (:class:`~landmark.core.data_problems.ProblemLog`, kept in
    :attr:`problems`). When no pair is left (e.g. every mask has another
    suffix, or all are colour masks), :class:`MaskDatasetError` says why in
    one line, naming the first file, before training starts.

    Args:
        mask_value_map (dict, optional): Mask pixel value -> class index,
            applied on loading (e.g. ``{255: 1}`` for 0/255 masks); values
            not listed stay as they are. Defaults to None (none mapped).
        strict (bool): Raise on the first bad pair instead of skipping it.
        check_mask_values (bool): Decode every mask once when the data set
            is built and skip those with values outside the classes (a few
            milliseconds a mask). Defaults to True.
        img_suffix (str): How image file names end. Defaults to ``'.png'``.
        seg_map_suffix (str): How mask file names end, replacing the
            image's suffix (``'_mask.png'`` pairs ``7.jpg`` with
            ``7_mask.png``). Defaults to ``'.png'``.
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
        >>> # split folders, colour masks converted by masks_to_index.py
        >>> dataset = dict(
        ...     type='MaskFolderDataset', data_root='data/cells',
        ...     data_prefix=dict(img_path='images/train',
        ...                      seg_map_path='index_masks/train'),
        ...     img_suffix='.jpg', seg_map_suffix='_mask.png', ...)
    """

    def __init__(self,
                 mask_value_map: Optional[Dict[int, int]] = None,
                 strict: bool = False,
                 check_mask_values: bool = True,
                 img_suffix: str = '.png',
                 seg_map_suffix: str = '.png',
                 data_prefix: dict = dict(
                     img_path='images', seg_map_path='masks'),
                 **kwargs):
        self.mask_value_map = None if mask_value_map is None else {
            int(k): int(v)
            for k, v in mask_value_map.items()
        }
        self.check_mask_values = check_mask_values
        self.problems = ProblemLog(strict=strict)
        self._foreground = set()  # mask values but 0 and ignore_index
        self._ignored_masks = []  # masks holding ignore_index
        super().__init__(
            img_suffix=img_suffix,
            seg_map_suffix=seg_map_suffix,
            data_prefix=data_prefix,
            **kwargs)

    def load_data_list(self) -> List[dict]:
        """mmseg's pairs, less the bad ones, with the value map."""
        img_dir = self.data_prefix.get('img_path', '')
        if not osp.isdir(img_dir):
            raise MissingImageFolderError(
                f'{type(self).__name__}: image folder {img_dir!r} does not '
                f'exist; expected the photos there (data_root '
                f'{self.data_root!r} + data_prefix img_path), e.g. '
                'images/train/7.jpg beside masks/train/7_mask.png')
        pairs = super().load_data_list()
        if not pairs:
            raise MaskDatasetError(self._no_images_message(img_dir))
        kept = [info for info in pairs if self._pair_is_usable(info)]
        for info in kept:
            if self.mask_value_map is not None:
                info['label_map'] = self.mask_value_map
        if self.problems.problems:
            print_log(
                f'{type(self).__name__}: {self.problems.summary()}',
                logger='current')
        if not kept:
            first = self.problems.problems[0]
            raise MaskDatasetError(
                f'{type(self).__name__}: none of the {len(pairs)} image(s) '
                f'in {img_dir} has a usable mask; the first: {first} '
                f'({self.problems.counts()[first.kind]} {first.kind} in all)')
        self._check_foreground(len(kept))
        # for the run's summary (core.skipped_images): the images left out
        self.left_out_photos = sorted(
            {p.source
             for p in self.problems.problems if p.skipped})
        return kept

    def _no_images_message(self, img_dir: str) -> str:
        endings = Counter(
            osp.splitext(name)[1] for _, _, names in os.walk(img_dir)
            for name in names if not name.startswith('.'))
        found = (f'found {", ".join(repr(e) for e in sorted(endings))}'
                 if endings else 'it is empty')
        # the commonest ending found is the suffix to set
        example = endings.most_common(1)[0][0] if endings else '.jpg'
        return (f'{type(self).__name__}: no image ending in '
                f'{self.img_suffix!r} in {img_dir} ({found}); expected the '
                'images there, or set img_suffix (e.g. '
                f'img_suffix={example!r})')

    def _pair_is_usable(self, info: dict) -> bool:
        sizes = {}
        for key in ('img_path', 'seg_map_path'):
            path = info.get(key)
            if path is None:
                continue
            if key == 'seg_map_path' and not osp.isfile(path):
                self.problems.add('missing_mask', path,
                                  self._missing_mask_message(info))
                return False
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
        if 'seg_map_path' in info:
            return self._mask_is_index_mask(info['seg_map_path'])
        return True

    def _missing_mask_message(self, info: dict) -> str:
        """Why the mask of ``info['img_path']`` is missing, with the
        ``seg_map_suffix`` that would pair it when a file in the mask
        folder starts with the image's name."""
        image = osp.basename(info['img_path'])
        stem = image[:-len(self.img_suffix)] if self.img_suffix else image
        mask_dir = osp.dirname(info['seg_map_path'])
        hint = ''
        if osp.isdir(mask_dir):
            near = sorted(n for n in os.listdir(mask_dir)
                          if n.startswith(stem) and n != image)
            if near:
                hint = (f"; {near[0]} is there: set seg_map_suffix="
                        f"'{near[0][len(stem):]}'")
        return (f'no mask for image {image}; expected '
                f'{osp.basename(info["seg_map_path"])} (the image name with '
                f'{self.img_suffix!r} replaced by seg_map_suffix '
                f'{self.seg_map_suffix!r}){hint}')

    def _mask_is_index_mask(self, path: str) -> bool:
        """One class index per pixel: not a colour mask, and (with
        ``check_mask_values``) every value a class or ``ignore_index``."""
        try:
            with Image.open(path) as mask:
                mode = mask.mode
                values = (np.unique(np.asarray(mask))
                          if self.check_mask_values
                          and mode in INDEX_MASK_MODES else None)
        except OSError as err:
            self.problems.add('unreadable_image', path,
                              f'cannot decode the mask ({err})')
            return False
        if mode not in INDEX_MASK_MODES:
            self.problems.add(
                'bad_annotation', path,
                f'a colour mask (PIL mode {mode}); expected one class index '
                'per pixel (8-bit grayscale or palette PNG): convert colour '
                f'masks with {CONVERTER}')
            return False
        if values is None:
            return True
        if self.mask_value_map is not None:
            values = [self.mask_value_map.get(int(v), int(v)) for v in values]
        if self.reduce_zero_label:  # as LoadAnnotations maps them
            values = [255 if v == 0 else v - 1 for v in values]
        num_classes = len(self._metainfo.get('classes') or ())
        bad = sorted({
            int(v)
            for v in values
            if v != self.ignore_index and not 0 <= v < num_classes
        })
        if num_classes and bad:
            shown = ', '.join(map(str, bad[:5])) + (' ...' if len(bad) > 5
                                                    else '')
            self.problems.add(
                'unknown_class', path,
                f'mask values {shown} are not among the {num_classes} '
                f'classes (0-{num_classes - 1}) nor ignore_index '
                f'{self.ignore_index}; expected class indices (map other '
                'values with mask_value_map, e.g. {255: 1}; colour masks: '
                f'{CONVERTER})')
            return False
        # what the usable masks hold beside class 0 (_check_foreground)
        self._foreground.update(
            int(v) for v in values if v not in (0, self.ignore_index))
        if self.ignore_index in values:
            self._ignored_masks.append(path)
        return True

    def _check_foreground(self, num_masks: int) -> None:
        """Refuse masks that all hold only 0 and ``ignore_index``: binary
        0/255 masks read as they are leave their 255 pixels out of training
        and the metrics, and the one class left scores mIoU 100.

        Raises:
            MaskDatasetError: One line naming a mask and the two fixes.
        """
        classes = tuple(self._metainfo.get('classes') or ())
        if len(classes) < 2 or self._foreground or not self._ignored_masks:
            return
        raise MaskDatasetError(
            f'{type(self).__name__}: the {num_masks} usable mask(s) hold '
            f'only 0 and {self.ignore_index} (ignore_index), none of '
            f'classes 1-{len(classes) - 1} ({", ".join(classes[1:4])}'
            f'{", ..." if len(classes) > 4 else ""}), e.g. '
            f'{self._ignored_masks[0]}: the {self.ignore_index} pixels '
            'would be left out and one class learned; expected class '
            'indices (0/255 binary masks: mask_value_map={255: 1}, or '
            f'{CONVERTER} --palette NAME=0,0,0 NAME=255,255,255)')
