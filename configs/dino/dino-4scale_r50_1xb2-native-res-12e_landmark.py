# DINO with ResNet-50 at native resolution, the base of the landmark DINO
# configs: 1 GPU x 2 images, AdamW lr 1e-4 with backbone lr x0.1 (mmdet's
# DINO schedule), 12 epochs, fewer queries than COCO's 900 (one object per
# scene), activation checkpointing in the backbone.
#
# The data settings repeat configs/_base_/datasets/landmark_detection.py:
# mmdet's DINO config defines its own data, and MMEngine forbids two bases
# that define the same keys, so they are replaced here (_delete_) instead.
_base_ = 'mmdet::dino/dino-4scale_r50_8xb2-12e_coco.py'
custom_imports = dict(
    imports=['landmark.detection'], allow_failed_imports=False)

model = dict(
    num_queries=100,
    data_preprocessor=dict(pad_size_divisor=32),
    backbone=dict(with_cp=True),
    bbox_head=dict(num_classes=5),
    dn_cfg=dict(group_cfg=dict(num_dn_queries=50)),
    test_cfg=dict(max_per_img=10))

dataset_type = 'LandmarkDataset'
data_root = 'data/landmarks/'
# Native resolution: no downscale, no crop. Set a pixel budget (e.g.
# 12_000_000) to downscale only the images above it.
max_pixels = None
single_object_top1 = False  # see landmark.detection.apis.apply_single_object_top1

train_pipeline = [
    dict(type='LoadImageFromFile', backend_args=None),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='NativeResolution', max_pixels=max_pixels),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackDetInputs')
]
test_pipeline = [
    dict(type='LoadImageFromFile', backend_args=None),
    dict(type='NativeResolution', max_pixels=max_pixels),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(
        type='PackDetInputs',
        meta_keys=('img_id', 'img_path', 'ori_shape', 'img_shape',
                   'scale_factor'))
]
tiny_max_long_side = 320
tiny_train_pipeline = [
    dict(type='LoadImageFromFile', backend_args=None),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='NativeResolution', max_long_side=tiny_max_long_side),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackDetInputs')
]
tiny_test_pipeline = [
    dict(type='LoadImageFromFile', backend_args=None),
    dict(type='NativeResolution', max_long_side=tiny_max_long_side),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(
        type='PackDetInputs',
        meta_keys=('img_id', 'img_path', 'ori_shape', 'img_shape',
                   'scale_factor'))
]
train_dataloader = dict(
    _delete_=True,
    batch_size=2,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    batch_sampler=dict(type='AspectRatioBatchSampler'),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        ann_file='annotations/train.json',
        data_prefix=dict(img='images/'),
        single_object_policy='largest',
        filter_cfg=dict(filter_empty_gt=True),
        pipeline=train_pipeline))
val_dataloader = dict(
    _delete_=True,
    batch_size=1,
    num_workers=2,
    persistent_workers=True,
    drop_last=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        ann_file='annotations/val.json',
        data_prefix=dict(img='images/'),
        single_object_policy='largest',
        test_mode=True,
        pipeline=test_pipeline))
test_dataloader = val_dataloader
val_evaluator = dict(
    _delete_=True,
    type='Evaluator',
    metrics=[
        dict(
            type='CocoMetric',
            ann_file=data_root + 'annotations/val.json',
            metric='bbox',
            format_only=False),
        dict(
            type='SingleObjectMetric',
            ann_file=data_root + 'annotations/val.json',
            iou_thr=0.5)
    ])
test_evaluator = val_evaluator

auto_scale_lr = dict(base_batch_size=2)
