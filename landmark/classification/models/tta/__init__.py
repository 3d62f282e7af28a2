from landmark.classification.models.tta.flip_cls_tta_model import \
    FlipClsTTAModel

__all__ = ['FlipClsTTAModel']
