"""View-weighted test-time augmentation for image classification."""
from typing import List

from mmpretrain.registry import MODELS
from mmpretrain.structures import DataSample

from landmark.core.tta import ViewWeightedTTAModel, weighted_view_mean


@MODELS.register_module()
class FlipClsTTAModel(ViewWeightedTTAModel):
    """Class scores of the views (original, flip, ...) fused by a weighted
    mean; the original weighs most by default (``(2.0, 1.0)``, from
    :class:`ViewWeightedTTAModel`). A flip does not move class scores, so
    fusing is the whole job.

    Examples:
        >>> tta_model = dict(type='FlipClsTTAModel', view_weights=(2.0, 1.0))
        >>> tta_pipeline = [
        ...     dict(type='LoadImageFromFile'),
        ...     dict(type='TestTimeAug', transforms=[
        ...         [dict(type='RandomFlip', prob=0.),
        ...          dict(type='RandomFlip', prob=1.)],
        ...         [dict(type='PackInputs')]])]
    """

    registry = MODELS

    def merge_preds(
            self,
            data_samples_list: List[List[DataSample]]) -> List[DataSample]:
        """One data sample per image, its ``pred_score`` the weighted mean
        of its views' scores."""
        merged = []
        for views in data_samples_list:
            weights = self.weights_for(len(views))
            score = weighted_view_mean([v.pred_score for v in views], weights,
                                       type(self).__name__)
            sample = views[0].new()
            sample.set_pred_score(score).set_pred_label(
                score.argmax(keepdim=True))
            merged.append(sample)
        return merged
