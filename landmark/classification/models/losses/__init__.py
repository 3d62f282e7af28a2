from landmark.classification.models.losses.ldam_loss import (LDAMLoss,
                                                             ldam_margins)

__all__ = ['LDAMLoss', 'ldam_margins']
