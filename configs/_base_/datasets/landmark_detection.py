# The landmark data at native resolution: LandmarkDataset (classes from the
# annotation file), one object per scene, COCO bbox mAP and the top-1
# single-object metrics reported in the same run.
custom_imports = dict(
    imports=['landmark.detection'], allow_failed_imports=False)

dataset_type = 'LandmarkDataset'
data_root = 'data/landmarks/'
backend_args = None

# Native resolution: no downscale, no crop. A pixel budget downscales only
# the images above it: set `max_pixels = 12_000_000` and/or
# `max_long_side = 320` in a config (or pass --max-pixels / --max-long-side):
# tools/train.py, test.py and infer.py write these top-level keys into every
# NativeResolution of the train, val, test and TTA pipelines
# (landmark.detection.datasets.transforms.apply_pixel_budget); the values
# below are only the defaults.
max_pixels = None
max_long_side = None

# Keep only the top-1 box (with its class) per image at test time; read by
# tools/train.py and tools/test.py
# (landmark.detection.apis.apply_single_object_top1).
single_object_top1 = False

# An unreadable or truncated photo is named once in the log and skipped
# (the data set fetches another one) instead of ending the run. A JPEG the
# pixel budget shrinks 2x or more is decoded at 1/2, 1/4 or 1/8 scale
# (boxes exact; landmark.detection.datasets.transforms.
# NativeResolutionImageLoader); without a budget, photos decode in full.
train_pipeline = [
    dict(
        type='NativeResolutionImageLoader',
        max_pixels=max_pixels,
        max_long_side=max_long_side,
        backend_args=backend_args),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(
        type='NativeResolution',
        max_pixels=max_pixels,
        max_long_side=max_long_side),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackDetInputs')
]
test_pipeline = [
    dict(type='LoadImageFromFile', backend_args=backend_args),
    dict(
        type='NativeResolution',
        max_pixels=max_pixels,
        max_long_side=max_long_side),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(
        type='PackDetInputs',
        meta_keys=('img_id', 'img_path', 'ori_shape', 'img_shape',
                   'scale_factor'))
]

train_dataloader = dict(
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
        pipeline=train_pipeline,
        backend_args=backend_args))
val_dataloader = dict(
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
        pipeline=test_pipeline,
        backend_args=backend_args))
test_dataloader = val_dataloader

val_evaluator = [
    dict(
        type='CocoMetric',
        ann_file=data_root + 'annotations/val.json',
        metric='bbox',
        format_only=False,
        backend_args=backend_args),
    dict(
        type='SingleObjectMetric',
        ann_file=data_root + 'annotations/val.json',
        iou_thr=0.5)
]
test_evaluator = val_evaluator
