# The synthetic landmark masks: photos of one landmark each with a label per
# pixel (0 background, 1-5 the landmark classes), written by
# landmark.segmentation.datasets.generate_landmark_mask_dataset as
# images/N.png + masks/N.png with train.txt / val.txt. Trained on random
# windows at native resolution (the whole photo when it is smaller), tested
# on whole photos by Gaussian-weighted windows.
dataset_type = 'MaskFolderDataset'
data_root = 'data/landmark_masks'
metainfo = dict(
    classes=('background', 'tower', 'dome', 'arch', 'pyramid', 'bridge'),
    palette=[[0, 0, 0], [230, 25, 75], [60, 180, 75], [255, 225, 25],
             [0, 130, 200], [245, 130, 48]])
# one size setting (tools/*.py --max-pixels N wins): photos above it are
# downscaled in the train, val, test and TTA pipelines; None: native
max_pixels = None
crop_size = (512, 512)  # training windows
window_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(type='PixelBudgetResize'),  # max_pixels below, set by the tools
    dict(type='RandomCrop', crop_size=crop_size, cat_max_ratio=0.9)
]
flip_pipeline = [  # no vertical flip: landmarks stand on the ground
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='PackSegInputs')
]
train_pipeline = window_pipeline + flip_pipeline
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='PixelBudgetResize'),  # masks stay at the photo's size
    dict(type='LoadAnnotations'),
    dict(type='PackSegInputs')
]
data_settings = dict(type=dataset_type, data_root=data_root, metainfo=metainfo)
# the training windows before augmentation (copy-paste mixes two of them)
train_windows = dict(
    **data_settings, ann_file='train.txt', pipeline=window_pipeline)
train_dataloader = dict(
    batch_size=4,
    num_workers=0,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(train_windows, pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=1,
    num_workers=0,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(**data_settings, ann_file='val.txt', pipeline=test_pipeline))
test_dataloader = val_dataloader
val_evaluator = dict(type='IoUDiceMetric')
test_evaluator = val_evaluator
