# MMDetection's Cascade R-CNN R50-FPN for landmark photos: 5 classes (the
# tools set the data set's own number), padding to the stride of 32 and a
# few boxes per image (one object per scene). RoIAlign runs torchvision's
# kernel, as in faster-rcnn_r50-fpn.py.
_base_ = 'mmdet::_base_/models/cascade-rcnn_r50_fpn.py'

# The three stages' heads are a list, which a config can only replace as a
# whole: they are mmdet's heads with num_classes changed.
# yapf: disable
cascade_target_stds = ([0.1, 0.1, 0.2, 0.2],
                       [0.05, 0.05, 0.1, 0.1],
                       [0.033, 0.033, 0.067, 0.067])
# yapf: enable
model = dict(
    data_preprocessor=dict(pad_size_divisor=32),
    roi_head=dict(
        bbox_roi_extractor=dict(roi_layer=dict(use_torchvision=True)),
        bbox_head=[
            dict(
                type='Shared2FCBBoxHead',
                in_channels=256,
                fc_out_channels=1024,
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
        ]),
    test_cfg=dict(rcnn=dict(max_per_img=10)))
