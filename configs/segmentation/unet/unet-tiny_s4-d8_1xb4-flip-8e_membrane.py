# The tiny UNet, 8 epochs of random 256x256 windows at native resolution (4
# per image and epoch), tested on whole 512x512 images by Gaussian-weighted
# windows.
_base_ = [
    '../../_base_/datasets/membrane_segmentation.py',
    '../../_base_/models/unet-tiny-s4-d8_segmentation.py',
    '../../_base_/schedules/segmentation_adamw-8e.py'
]
