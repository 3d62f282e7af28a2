# MMDetection's Faster R-CNN R50-FPN for landmark photos: 5 classes (the
# tools set the data set's own number), padding to the stride of 32 and a
# few boxes per image (one object per scene). RoIAlign runs torchvision's
# kernel (mmcv's RoIAlign with use_torchvision=True): the same outputs and
# gradients to the bit, its CPU forward 2.7x faster (measured in
# benchmarks/roi_align_speed.py).
_base_ = 'mmdet::_base_/models/faster-rcnn_r50_fpn.py'

model = dict(
    data_preprocessor=dict(pad_size_divisor=32),
    roi_head=dict(
        bbox_roi_extractor=dict(roi_layer=dict(use_torchvision=True)),
        bbox_head=dict(num_classes=5)),
    test_cfg=dict(rcnn=dict(max_per_img=10)))
