# The trash photos (6 class folders, 150x150 JPEGs, 137 to 594 per class),
# split 80/20 per class with a fixed seed by ClassFolderDataset (the folder
# tree is never copied). Images are resized to `image_size`, which the
# tools apply to every pipeline (a child config sets `image_size = 64`).
dataset_type = 'ClassFolderDataset'
data_root = '../shared/datasets/trash'
image_size = 128

data_preprocessor = dict(
    num_classes=6,
    # ImageNet mean / std, RGB
    mean=[123.675, 116.28, 103.53],
    std=[58.395, 57.12, 57.375],
    to_rgb=True)

train_pipeline = [
    dict(type='LoadImageOrSkip'),
    dict(type='RandomResizedCrop', scale=image_size, crop_ratio_range=(0.6,
                                                                       1.0)),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='PackInputs'),
]
test_pipeline = [
    dict(type='LoadImageOrSkip'),
    dict(type='Resize', scale=(image_size, image_size)),
    dict(type='PackInputs'),
]

train_dataloader = dict(
    batch_size=32,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        split='train',
        split_seed=0,
        pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=64,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        split='val',
        split_seed=0,
        pipeline=test_pipeline))
val_evaluator = [
    dict(type='Accuracy', topk=(1, )),
    dict(type='ClassificationReport'),
]
test_dataloader = val_dataloader
test_evaluator = val_evaluator

# flip TTA (tools/test.py --tta): the original view weighs twice the flip;
# the TTA pipeline is the test pipeline plus a flipped view (made by the
# tools)
tta_model = dict(type='FlipClsTTAModel', view_weights=(2.0, 1.0))
