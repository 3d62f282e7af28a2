"""The configurable box fuser shared by TTA and model ensembling."""
from typing import Optional, Sequence

import numpy as np
from mmdet.registry import TASK_UTILS

from landmark.detection.models.tta.ensemble_boxes_wrapper import (
    FusedBoxes, check_fusion_args, fuse_boxes, keep_single_object,
    vote_single_object_label)


@TASK_UTILS.register_module()
class BoxFuser:
    """Fuse the boxes of several views or models of one image.

    A thin, configurable wrapper around :func:`fuse_boxes` (``ensemble-boxes``
    underneath): the same object fuses flip-TTA views inside
    :class:`FusionTTAModel` and saved predictions in ``tools/ensemble.py``.

    Args:
        method (str): ``'wbf'``, ``'nmw'``, ``'soft_nms'`` or ``'nms'``.
            Defaults to ``'wbf'``.
        iou_thr (float): IoU above which boxes are the same object.
            Defaults to 0.55.
        skip_box_thr (float): Boxes scoring below it are dropped before
            fusing. Defaults to 0.0.
        conf_type (str): WBF cluster score (``'avg'``, ``'max'``,
            ``'box_and_model_avg'``, ``'absent_model_aware_avg'``).
            Defaults to ``'avg'``.
        sigma (float): Gaussian soft-NMS sigma. Defaults to 0.5.
        soft_nms_thr (float): Soft-NMS score floor. Defaults to 0.001.
        single_object (bool): Keep only the top box; its class is the one
            with the largest summed weighted score over the views
            (:func:`vote_single_object_label`). Defaults to False.
        max_per_img (int): Keep at most this many boxes. Defaults to 100.

    Examples:
        >>> fuser = dict(type='BoxFuser', method='wbf', iou_thr=0.55,
        ...              skip_box_thr=0.01, single_object=True)
    """

    def __init__(self,
                 method: str = 'wbf',
                 iou_thr: float = 0.55,
                 skip_box_thr: float = 0.0,
                 conf_type: str = 'avg',
                 sigma: float = 0.5,
                 soft_nms_thr: float = 0.001,
                 single_object: bool = False,
                 max_per_img: int = 100):
        check_fusion_args(method, conf_type, iou_thr)
        self.method = method
        self.iou_thr = iou_thr
        self.skip_box_thr = skip_box_thr
        self.conf_type = conf_type
        self.sigma = sigma
        self.soft_nms_thr = soft_nms_thr
        self.single_object = single_object
        self.max_per_img = max_per_img

    def __call__(self,
                 boxes_list: Sequence[np.ndarray],
                 scores_list: Sequence[np.ndarray],
                 labels_list: Sequence[np.ndarray],
                 image_shapes: Sequence[Sequence[int]],
                 weights: Optional[Sequence[float]] = None,
                 out_shape: Optional[Sequence[int]] = None) -> FusedBoxes:
        """Fuse one image's views; see :func:`fuse_boxes` for the args.

        Returns:
            tuple[np.ndarray]: Pixel boxes ``(M, 4)`` in ``out_shape``
            (default: the first view's shape), scores and labels, best first.
        """
        fused = fuse_boxes(
            boxes_list,
            scores_list,
            labels_list,
            image_shapes,
            method=self.method,
            weights=weights,
            iou_thr=self.iou_thr,
            skip_box_thr=self.skip_box_thr,
            conf_type=self.conf_type,
            sigma=self.sigma,
            soft_nms_thr=self.soft_nms_thr,
            out_shape=out_shape)
        if self.single_object:
            label = vote_single_object_label(scores_list, labels_list, weights,
                                             self.skip_box_thr)
            return keep_single_object(fused, label)
        return tuple(x[:self.max_per_img] for x in fused)

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(method={self.method!r}, '
                f'iou_thr={self.iou_thr}, skip_box_thr={self.skip_box_thr}, '
                f'conf_type={self.conf_type!r}, '
                f'single_object={self.single_object})')
