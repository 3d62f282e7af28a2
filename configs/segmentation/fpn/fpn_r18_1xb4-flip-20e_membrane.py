# ResNet-18 (ImageNet weights) + FPN on membrane, the data and schedule of
# the UNet.
_base_ = [
    '../../_base_/datasets/membrane_segmentation.py',
    '../../_base_/models/fpn-r18_segmentation.py',
    '../../_base_/schedules/segmentation_adamw-20e.py'
]
