from landmark.segmentation.models.losses.masked_dice_loss import (
    MaskedDiceLoss, masked_dice_loss)

__all__ = ['MaskedDiceLoss', 'masked_dice_loss']
