# The tiny ResNet-18 + FPN (from scratch) on the synthetic landmark masks,
# sized for 2 CPU cores with small photos (whole photos are the training
# windows); its 32x receptive field sees a whole landmark, which telling the
# classes apart needs (the tiny UNet's 8x predicts background only after 3
# epochs). Make the photos first:
#   python -c "from landmark.segmentation.datasets import \
#   generate_landmark_mask_dataset as g; g('data/landmark_masks', 120, 30, \
#   sizes=((320, 240), (240, 320)))"
_base_ = [
    '../../_base_/datasets/landmark-masks_segmentation.py',
    '../../_base_/models/fpn-tiny-r18_segmentation.py',
    '../../_base_/schedules/segmentation_adamw-8e.py'
]
model = dict(decode_head=dict(num_classes=6))
optim_wrapper = dict(optimizer=dict(lr=2e-3))
