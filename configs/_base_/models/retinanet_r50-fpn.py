# MMDetection's RetinaNet R50-FPN for landmark photos: 5 classes (the tools
# set the data set's own number), padding to the stride of 32 and a few
# boxes per image (one object per scene).
_base_ = 'mmdet::_base_/models/retinanet_r50_fpn.py'

model = dict(
    data_preprocessor=dict(pad_size_divisor=32),
    bbox_head=dict(num_classes=5),
    test_cfg=dict(max_per_img=10))
