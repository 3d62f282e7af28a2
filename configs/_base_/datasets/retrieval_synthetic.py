# The seeded synthetic retrieval set (tools/retrieve.py --make-synthetic
# or landmark.retrieval.datasets.generate_retrieval_dataset): 5 classes x
# 4 landmarks x 6 views at 96 px; train.csv / val.csv hold the landmark
# ids (val: the last view of each landmark).
dataset_type = 'ClassCsvDataset'
data_root = 'data/retrieval_synthetic'
image_size = 64

data_preprocessor = dict(
    num_classes=20,
    # the pretraining (ImageNet) mean / std, RGB
    mean=[123.675, 116.28, 103.53],
    std=[58.395, 57.12, 57.375],
    to_rgb=True)

train_pipeline = [
    dict(type='LoadImageOrSkip'),
    dict(
        type='RandomResizedCrop',
        scale=image_size,
        crop_ratio_range=(0.7, 1.0)),
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
    num_workers=0,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        ann_file='train.csv',
        pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=64,
    num_workers=0,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        ann_file='val.csv',
        pipeline=test_pipeline))
val_evaluator = dict(type='Accuracy', topk=(1, ))
test_dataloader = val_dataloader
test_evaluator = val_evaluator
