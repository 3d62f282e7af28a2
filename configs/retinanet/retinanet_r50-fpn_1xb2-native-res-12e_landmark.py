# RetinaNet R50-FPN baseline at native resolution, ImageNet weights from
# torchvision, 1 GPU x 2 images (batch 1, 2 steps accumulated); 12 epochs.
_base_ = [
    '../_base_/models/retinanet_r50-fpn.py',
    '../_base_/schedules/native-res_1xb1-accum2_sgd-12e.py'
]

# lr 0.01 is for 16 images a batch in mmdet's RetinaNet; this is 2
optim_wrapper = dict(optimizer=dict(lr=0.00125))
