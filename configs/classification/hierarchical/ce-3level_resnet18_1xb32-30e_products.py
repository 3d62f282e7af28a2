# Products in three levels (coarse, mid, fine): one linear head per level,
# losses summed with per-level weights; an empty cell (or -1) in a level's
# column means "no label at this level" and leaves the row out of that
# level's loss. Data: {data_root}/train.csv and val.csv with the header
# filename,coarse,mid,fine and the images under {data_root}/images/.
# Without the real products, a seeded synthetic set in this layout:
#   python -c "from landmark.classification.datasets.synthetic_products \
#   import write_synthetic_products as w; w('data/products')"
_base_ = [
    'mmpretrain::_base_/default_runtime.py',
    '../../_base_/models/classification_resnet18.py',
    '../../_base_/schedules/classification_sgd-30e.py',
]
custom_imports = dict(
    imports=['landmark.classification'], allow_failed_imports=False)
# checkpoints written atomically (landmark.core.atomic_file_backend)
default_hooks = dict(
    checkpoint=dict(backend_args=dict(backend='atomic_local')))
data_root = 'data/products'
level_classes = None  # or [[coarse names], [mid names], [fine names]]
num_classes = [4, 12, 40]  # classes per level, as the CSV has them

model = dict(
    head=dict(
        _delete_=True,
        type='HierarchicalClsHead',
        num_classes=num_classes,
        in_channels=512,
        level_weights=[0.5, 0.5, 1.0],
        loss=dict(type='CrossEntropyLoss', loss_weight=1.0)))
data_preprocessor = dict(
    mean=[123.675, 116.28, 103.53], std=[58.395, 57.12, 57.375], to_rgb=True)
train_pipeline = [
    dict(type='LoadImageOrSkip'),
    dict(type='RandomResizedCrop', scale=224),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='PackInputs', algorithm_keys=['gt_levels']),
]
test_pipeline = [
    dict(type='LoadImageOrSkip'),
    dict(type='Resize', scale=(224, 224)),
    dict(type='PackInputs', algorithm_keys=['gt_levels']),
]
train_dataloader = dict(
    batch_size=32,
    num_workers=2,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type='ClassCsvDataset',
        data_root=data_root,
        ann_file='train.csv',
        data_prefix='images',
        level_classes=level_classes,
        pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=64,
    num_workers=2,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type='ClassCsvDataset',
        data_root=data_root,
        ann_file='val.csv',
        data_prefix='images',
        level_classes=level_classes,
        pipeline=test_pipeline))
val_evaluator = dict(type='HierarchicalAccuracy')  # one accuracy per level
test_dataloader = val_dataloader
test_evaluator = val_evaluator
randomness = dict(seed=0)
