_base_ = [
    '../../_base_/datasets/membrane_segmentation.py',
    '../../_base_/models/unet-s5-d16_segmentation.py',
    '../../_base_/schedules/segmentation_adamw-20e.py'
]
