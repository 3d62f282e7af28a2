# ISBI membrane (../shared/datasets/membrane): 30 grayscale 512x512 images,
# masks 0 (membrane) / 255 (cell), mapped to classes 0 / 1 on loading.
# Files sort as 0, 1, 10, 11, ...: the first 24 train, the last 6 validate.
dataset_type = 'MaskFolderDataset'
data_root = '../shared/datasets/membrane'
metainfo = dict(classes=('membrane', 'cell'), palette=[[255, 0, 0], [0, 0, 0]])
# one size setting (tools/*.py --max-pixels N wins): photos above it are
# downscaled in the train, val, test and TTA pipelines; None: native
max_pixels = None
crop_size = (256, 256)  # training windows
# random 256x256 windows at native resolution, 4 per image and epoch (the
# scarce images multiplied); tested on whole images (sliding windows)
window_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(type='PixelBudgetResize'),  # max_pixels below, set by the tools
    dict(type='RandomCrop', crop_size=crop_size)
]
flip_pipeline = [
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='RandomFlip', prob=0.5, direction='vertical'),
    dict(type='PackSegInputs')
]
train_pipeline = window_pipeline + flip_pipeline
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='PixelBudgetResize'),  # masks stay at the photo's size
    dict(type='LoadAnnotations'),
    dict(type='PackSegInputs')
]
data_settings = dict(
    type=dataset_type,
    data_root=data_root,
    data_prefix=dict(img_path='image', seg_map_path='label'),
    metainfo=metainfo,
    mask_value_map={255: 1})
# the training windows before augmentation (copy-paste mixes two of them)
train_windows = dict(
    **data_settings, indices=list(range(24)), pipeline=window_pipeline)
train_dataloader = dict(
    batch_size=4,
    num_workers=0,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type='RepeatDataset',
        times=4,
        dataset=dict(train_windows, pipeline=train_pipeline)))
val_dataloader = dict(
    batch_size=1,
    num_workers=0,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        **data_settings, indices=list(range(24, 30)), pipeline=test_pipeline))
test_dataloader = val_dataloader
val_evaluator = dict(type='IoUDiceMetric')
test_evaluator = val_evaluator
