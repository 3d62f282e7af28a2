# Faster R-CNN R50-FPN baseline at native resolution, ImageNet weights from
# torchvision, 1 GPU x 2 images (batch 1, 2 steps accumulated); 12 epochs.
_base_ = [
    '../_base_/models/faster-rcnn_r50-fpn.py',
    '../_base_/schedules/native-res_1xb1-accum2_sgd-12e.py'
]
