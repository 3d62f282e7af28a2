# Tiny CPU variant of the Faster R-CNN baseline, for the demo and the tests
# (ResNet-18 at half width from scratch, 320 px, batch 4, AdamW: see the
# second base).
_base_ = [
    '../_base_/models/faster-rcnn_r50-fpn.py',
    '../_base_/tiny-cpu_r18-fpn_1xb4-320px-12e_landmark.py'
]

model = dict(
    backbone={{_base_.tiny_backbone}},
    neck={{_base_.tiny_neck}},
    rpn_head={{_base_.tiny_rpn_head}},
    roi_head=dict(
        bbox_roi_extractor={{_base_.tiny_roi_extractor}},
        bbox_head=dict(in_channels=64, fc_out_channels=256)))
