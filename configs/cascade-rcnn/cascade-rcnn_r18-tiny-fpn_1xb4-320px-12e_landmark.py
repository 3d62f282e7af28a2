# Tiny CPU variant of the Cascade R-CNN baseline, for the tests (ResNet-18
# at half width from scratch, 320 px, batch 4, AdamW: see the second base).
_base_ = [
    '../_base_/models/cascade-rcnn_r50-fpn.py',
    '../_base_/tiny-cpu_r18-fpn_1xb4-320px-12e_landmark.py'
]

# the base's heads with 64 input channels (a list replaces, so it is
# repeated)
# yapf: disable
cascade_target_stds = ([0.1, 0.1, 0.2, 0.2],
                       [0.05, 0.05, 0.1, 0.1],
                       [0.033, 0.033, 0.067, 0.067])
# yapf: enable
model = dict(
    backbone={{_base_.tiny_backbone}},
    neck={{_base_.tiny_neck}},
    rpn_head={{_base_.tiny_rpn_head}},
    roi_head=dict(
        bbox_roi_extractor={{_base_.tiny_roi_extractor}},
        bbox_head=[
            dict(
                type='Shared2FCBBoxHead',
                in_channels=64,
                fc_out_channels=256,
                roi_feat_size=7,
                num_classes=5,
                bbox_coder=dict(
                    type='DeltaXYWHBBoxCoder',
                    target_means=[0., 0., 0., 0.],
                    target_stds=stds),
                reg_class_agnostic=True,
                loss_cls=dict(
                    type='CrossEntropyLoss',
                    use_sigmoid=False,
                    loss_weight=1.0),
                loss_bbox=dict(type='SmoothL1Loss', beta=1.0, loss_weight=1.0))
            for stds in cascade_target_stds
        ]))
