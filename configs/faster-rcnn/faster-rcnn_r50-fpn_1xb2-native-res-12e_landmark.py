# Faster R-CNN R50-FPN baseline at native resolution, ImageNet weights from
# torchvision, 1 GPU x 2 images; 12 epochs.
_base_ = [
    'mmdet::_base_/models/faster-rcnn_r50_fpn.py',
    '../_base_/datasets/landmark_detection.py',
    'mmdet::_base_/schedules/schedule_1x.py',
    'mmdet::_base_/default_runtime.py'
]
model = dict(
    data_preprocessor=dict(pad_size_divisor=32),
    roi_head=dict(bbox_head=dict(num_classes=5)),
    # one object per scene: a few boxes are plenty
    test_cfg=dict(rcnn=dict(max_per_img=10)))

# lr 0.02 is for 16 images a batch (8 GPUs x 2); this is 1 x 2
optim_wrapper = dict(optimizer=dict(lr=0.0025))
auto_scale_lr = dict(enable=False, base_batch_size=2)
