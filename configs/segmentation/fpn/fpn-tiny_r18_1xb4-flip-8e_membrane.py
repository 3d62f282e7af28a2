# The tiny ResNet-18 + FPN (from scratch), the 8 epochs of random 256x256
# windows of the tiny UNet, at a lower learning rate.
_base_ = [
    '../../_base_/datasets/membrane_segmentation.py',
    '../../_base_/models/fpn-tiny-r18_segmentation.py',
    '../../_base_/schedules/segmentation_adamw-8e.py'
]
optim_wrapper = dict(optimizer=dict(lr=2e-3))
