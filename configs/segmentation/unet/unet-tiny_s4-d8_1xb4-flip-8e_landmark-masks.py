# The tiny UNet on the synthetic landmark masks, sized for 2 CPU cores with
# small photos (whole photos are the training windows); make them first:
#   python -c "from landmark.segmentation.datasets import \
#   generate_landmark_mask_dataset as g; g('data/landmark_masks', 120, 30, \
#   sizes=((320, 240), (240, 320)))"
_base_ = [
    '../../_base_/datasets/landmark-masks_segmentation.py',
    '../../_base_/models/unet-tiny-s4-d8_segmentation.py',
    '../../_base_/schedules/segmentation_adamw-8e.py'
]
model = dict(decode_head=dict(num_classes=6))
