# RetinaNet R50-FPN baseline at native resolution, ImageNet weights from
# torchvision, 1 GPU x 2 images; 12 epochs.
_base_ = [
    '../_base_/models/retinanet_r50-fpn.py',
    '../_base_/datasets/landmark_detection.py',
    'mmdet::_base_/schedules/schedule_1x.py',
    'mmdet::_base_/default_runtime.py'
]

# lr 0.01 is for 16 images a batch in mmdet's RetinaNet; this is 1 x 2
optim_wrapper = dict(optimizer=dict(lr=0.00125))
auto_scale_lr = dict(enable=False, base_batch_size=2)
