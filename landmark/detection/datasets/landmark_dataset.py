"""The detection data set of landmark: COCO files with their own classes."""
import colorsys
import os.path as osp
from typing import List, Optional, Tuple

from mmdet.datasets import CocoDataset
from mmdet.registry import DATASETS
from mmengine.logging import MMLogger

from landmark.core.data_problems import NoUsablePhotosError, ProblemLog
from landmark.core.image_files import check_image_before_loading
from landmark.detection.datasets.coco_ground_truth import (
    check_coco_for_training, read_coco_class_names, read_coco_file)
from landmark.detection.datasets.single_object_policy import (
    apply_single_object_policy, format_policy_report)


def make_palette(num_classes: int) -> List[Tuple[int, int, int]]:
    """Distinct, bright RGB colours, one per class, stable for a count."""
    colours = []
    for i in range(num_classes):
        hue = (i * 0.618033988749895) % 1.0  # golden ratio spreads hues
        r, g, b = colorsys.hsv_to_rgb(hue, 0.85, 0.95)
        colours.append((int(r * 255), int(g * 255), int(b * 255)))
    return colours


@DATASETS.register_module()
class LandmarkDataset(CocoDataset):
    """COCO-format detection data set whose classes come from the file.

    MMDetection's ``CocoDataset`` assumes the 80 COCO classes unless
    ``metainfo`` says otherwise; here the class names (ordered by category
    id) and a palette are read from the annotation file, so a config only
    names the file.

    Args:
        single_object_policy (str, optional): For scenes that hold one
            object: images with 2+ boxes keep their ``'largest'`` box, are
            ``'skip'``-ped, or raise (``'error'``). The log says how many
            images the rule touched. Defaults to None (keep every box).

    In test mode (validation and test sets), photos that cannot be used
    are left out when the data set is built, each named once in the log:
    missing, a folder, no readable header, above ``--max-decode-pixels``,
    or a JPEG cut short (checked by its end marker, as training checks
    it). A test loop cannot skip a photo once started (MMEngine refuses a
    ``None`` sample at test time); the COCO metric still counts their
    boxes, as misses. Training photos are checked as they are loaded
    (``LoadImageOrSkip``).
        **kwargs: As for ``CocoDataset`` (``ann_file``, ``data_root``,
            ``data_prefix``, ``pipeline``, ``metainfo``...).

    Examples:
        >>> train_dataloader = dict(dataset=dict(
        ...     type='LandmarkDataset',
        ...     data_root='data/landmarks/',
        ...     ann_file='annotations/train.json',
        ...     data_prefix=dict(img='images/'),
        ...     single_object_policy='largest'))
    """
    METAINFO = dict(classes=(), palette=[])

    def __init__(self,
                 single_object_policy: Optional[str] = None,
                 **kwargs) -> None:
        self.single_object_policy = single_object_policy
        self.single_object_report: Optional[dict] = None
        metainfo = dict(kwargs.pop('metainfo', None) or {})
        if not metainfo.get('classes'):
            ann_file = kwargs.get('ann_file', '')
            data_root = kwargs.get('data_root') or ''
            if data_root and not osp.isabs(ann_file):
                ann_file = osp.join(data_root, ann_file)
            metainfo['classes'] = read_coco_class_names(ann_file)
        if not metainfo.get('palette'):
            metainfo['palette'] = make_palette(len(metainfo['classes']))
        super().__init__(metainfo=metainfo, **kwargs)

    def filter_data(self) -> List[dict]:
        """mmdet's filter, then, in test mode, the unusable photos out."""
        data_list = super().filter_data()
        if not self.test_mode:
            if self.pipeline.transforms:  # not a read of the annotations
                _refuse_if_no_photo_exists(data_list, self.ann_file)
            return data_list
        problems = ProblemLog()
        usable = []
        for item in data_list:
            try:
                check_image_before_loading(item['img_path'])
            except OSError as err:
                problems.add(
                    'unreadable_image', item['img_path'],
                    f'expected a decodable image ({err}); left out of this '
                    'evaluation, its boxes count as missed')
                continue
            usable.append(item)
        if problems.problems:
            logger = MMLogger.get_current_instance()
            for problem in problems.problems:
                logger.warning(str(problem))
            logger.warning(f'{self.ann_file}: {len(problems.problems)} of '
                           f'{len(data_list)} photo(s) left out (named '
                           'above)')
        self.left_out_photos = [p.source for p in problems.problems]
        if data_list and not usable:
            raise NoUsablePhotosError(
                f'{self.ann_file}: none of its {len(data_list)} photo(s) can '
                'be read (each named above); expected decodable photos under '
                f'{self.data_prefix.get("img", "") or "its image folder"}')
        return usable

    def load_data_list(self) -> List[dict]:
        """Load the COCO file (an entry MMDetection's loader cannot take
        is one ``ValueError`` naming it), then apply
        ``single_object_policy``."""
        check_coco_for_training(read_coco_file(self.ann_file), self.ann_file)
        data_list = super().load_data_list()
        if self.single_object_policy is None:
            return data_list
        data_list, report = apply_single_object_policy(
            data_list, self.single_object_policy)
        self.single_object_report = report
        MMLogger.get_current_instance().info(
            f'{self.ann_file}: ' +
            format_policy_report(self.single_object_policy, report))
        return data_list


def _refuse_if_no_photo_exists(data_list: List[dict], ann_file: str) -> None:
    """A training set none of whose photos is a file (a wrong image folder)
    is refused before training, in one line; unreadable ones are met and
    skipped by the training pipeline (:class:`LoadImageOrSkip`)."""
    if data_list and not any(
            osp.isfile(item['img_path']) for item in data_list):
        raise NoUsablePhotosError(
            f'{ann_file}: none of its {len(data_list)} photo(s) exists, e.g. '
            f'{data_list[0]["img_path"]}; expected the photos in the image '
            'folder (--data-root, data_prefix.img)')
