"""Flip test-time augmentation whose views are merged by a box fuser."""
from typing import List, Optional, Sequence, Union

import numpy as np
import torch
from mmdet.registry import MODELS, TASK_UTILS
from mmdet.structures import DetDataSample
from mmdet.structures.bbox import bbox_flip
from mmengine.model import BaseTTAModel
from mmengine.structures import InstanceData
from torch import nn

from landmark.detection.models.tta.tta_defaults import (FLIP_FUSER,
                                                        FLIP_SINGLE_OBJECT,
                                                        FLIP_VIEW_WEIGHTS)


def unflip_boxes(bboxes: torch.Tensor, metainfo: dict) -> torch.Tensor:
    """Map the boxes of a flipped view back onto the original image.

    Args:
        bboxes (torch.Tensor): ``(N, 4)`` ``xyxy`` boxes in pixels of the
            original image shape, as detectors return them after
            ``rescale=True``.
        metainfo (dict): The view's meta information: ``ori_shape`` and, for
            a flipped view, ``flip=True`` and ``flip_direction``.

    Returns:
        torch.Tensor: The boxes in the original orientation.
    """
    if not metainfo.get('flip', False):
        return bboxes
    return bbox_flip(bboxes, metainfo['ori_shape'],
                     metainfo.get('flip_direction') or 'horizontal')


@MODELS.register_module()
class FusionTTAModel(BaseTTAModel):
    """Test-time augmentation that fuses the views' boxes with WBF, NMW,
    soft-NMS or NMS (``ensemble-boxes``).

    Each image's views (by default the original and its horizontal flip) are
    run through the wrapped detector, their boxes are un-flipped
    (:meth:`unflip_view`) and merged by a fuser (:meth:`fuse_views`, a
    :class:`BoxFuser` by default). The result is an ordinary
    :class:`DetDataSample` with ``pred_instances``, so metrics and writers
    need no change. With ``batch_views=True`` all views of a batch go through
    the detector as one batch, which is cheaper than one pass per view
    (``benchmarks/tta_speed.py``: tiny DINO on the CPU, 1.73x plain time
    against 2.02x for two passes; the tiny RetinaNet gains nothing on the
    CPU).

    Args:
        module (dict or nn.Module): The detector.
        fuser (dict, optional): Config of the fuser (``TASK_UTILS``
            registry). Defaults to :data:`FLIP_FUSER` (WBF with
            ``iou_thr=0.55``).
        view_weights (Sequence[float], optional): Weight of each view, in the
            order of ``tta_pipeline``'s views. Defaults to
            :data:`FLIP_VIEW_WEIGHTS`, ``(2.0, 1.0)``: the original first and
            higher. None gives every view weight 1.
        single_object (bool, optional): Keep only the top fused box, with the
            class of the largest summed weighted score (one landmark per
            photo). None keeps the fuser's own setting. Defaults to
            :data:`FLIP_SINGLE_OBJECT` (True).
        batch_views (bool): Run all views as one batch; False runs one pass
            per view (less memory). Defaults to True.
        data_preprocessor (dict or nn.Module, optional): Passed to
            :class:`BaseTTAModel`.

    The defaults are the project's flip-TTA settings
    (``landmark/detection/models/tta/tta_defaults.py``), so a config only
    names what it changes.

    Examples:
        >>> tta_model = dict(type='FusionTTAModel')  # flip + WBF, 2:1, top-1
        >>> tta_model = dict(
        ...     type='FusionTTAModel',
        ...     fuser=dict(type='BoxFuser', method='nms', iou_thr=0.5))
    """

    def __init__(self,
                 module: Union[dict, nn.Module],
                 fuser: Optional[dict] = None,
                 view_weights: Optional[Sequence[float]] = FLIP_VIEW_WEIGHTS,
                 single_object: Optional[bool] = FLIP_SINGLE_OBJECT,
                 batch_views: bool = True,
                 data_preprocessor: Union[dict, nn.Module, None] = None):
        if isinstance(module, dict):
            # Build from MMDetection's registry (mmengine's, which
            # BaseTTAModel uses, only finds mmdet types under its scope).
            module = dict(module)
            if data_preprocessor is not None:
                module['data_preprocessor'] = data_preprocessor
            module = MODELS.build(module)
        super().__init__(module=module)
        if fuser is None:
            fuser = dict(FLIP_FUSER)
        self.fuser = (
            TASK_UTILS.build(fuser) if isinstance(fuser, dict) else fuser)
        if single_object is not None:
            self.fuser.single_object = single_object
        self.view_weights = (None if view_weights is None else
                             [float(w) for w in view_weights])
        self.batch_views = batch_views

    def test_step(self, data: Union[dict, tuple, list]) -> List[DetDataSample]:
        """Predict every view (as one batch if possible) and fuse them.

        Args:
            data (dict): ``inputs`` and ``data_samples``, each a list over
                views of lists over images, as ``TestTimeAug`` and
                ``pseudo_collate`` produce them.

        Returns:
            list[DetDataSample]: One fused prediction per image.
        """
        if not (self.batch_views and isinstance(data, dict)
                and 'inputs' in data):
            return super().test_step(data)
        views_inputs = data['inputs']
        views_samples = data['data_samples']
        num_images = len(views_inputs[0])
        batch = dict(
            inputs=[img for view in views_inputs for img in view],
            data_samples=[s for view in views_samples for s in view])
        predictions = self.module.test_step(batch)
        per_view = [
            predictions[start:start + num_images]
            for start in range(0, len(predictions), num_images)
        ]
        return self.merge_preds(list(zip(*per_view)))

    def merge_preds(
        self, data_samples_list: Sequence[Sequence[DetDataSample]]
    ) -> List[DetDataSample]:
        """Fuse the views of each image.

        Args:
            data_samples_list (Sequence[Sequence[DetDataSample]]): Outer:
                images; inner: the views of one image.

        Returns:
            list[DetDataSample]: One prediction per image.
        """
        return [self.fuse_views(list(views)) for views in data_samples_list]

    def unflip_view(self, data_sample: DetDataSample) -> torch.Tensor:
        """The view's predicted boxes in the original image's orientation."""
        return unflip_boxes(data_sample.pred_instances.bboxes,
                            data_sample.metainfo)

    def fuse_views(self, views: List[DetDataSample]) -> DetDataSample:
        """Fuse the predictions of one image's views into one.

        Args:
            views (list[DetDataSample]): The views' predictions.

        Returns:
            DetDataSample: The first view's sample with fused
            ``pred_instances`` (boxes in original image pixels).
        """
        weights = self.view_weights
        if weights is not None and len(weights) != len(views):
            raise ValueError(
                f'FusionTTAModel got {len(views)} views per image but '
                f'view_weights={weights}; expected one weight per view of '
                'tta_pipeline')
        boxes, scores, labels, shapes = [], [], [], []
        for view in views:
            pred = view.pred_instances
            boxes.append(self.unflip_view(view).detach().cpu().numpy())
            scores.append(pred.scores.detach().cpu().numpy())
            labels.append(pred.labels.detach().cpu().numpy())
            shapes.append(view.metainfo['ori_shape'])
        fused_boxes, fused_scores, fused_labels = self.fuser(
            boxes, scores, labels, shapes, weights=weights)
        device = views[0].pred_instances.bboxes.device
        result = views[0]
        fused = InstanceData()
        fused.bboxes = torch.as_tensor(
            np.asarray(fused_boxes, dtype=np.float32), device=device)
        fused.scores = torch.as_tensor(
            np.asarray(fused_scores, dtype=np.float32), device=device)
        fused.labels = torch.as_tensor(fused_labels, device=device)
        result.pred_instances = fused
        return result
