from landmark.core.tta.view_weighted_tta import (DEFAULT_VIEW_WEIGHTS,
                                                 ViewWeightedTTAModel,
                                                 check_view_weights,
                                                 weighted_view_mean)

__all__ = [
    'DEFAULT_VIEW_WEIGHTS', 'ViewWeightedTTAModel', 'check_view_weights',
    'weighted_view_mean'
]
