# Your data: copy this file into this folder (the _base_ paths below are
# relative to it) and change the lines marked CHANGE (the paths and the
# classes); nothing else is needed. A child config here works too: its
# data_root, metainfo, img_suffix and seg_map_suffix reach the data sets
# below (the tools write them in).
#
#   DATA_ROOT/images/{train,val,test}/ID.jpg           the photos
#   DATA_ROOT/index_masks/{train,val,test}/ID_mask.png  one class index per
#                                                      pixel, 255 ignored
#
# Colour masks (one RGB colour per class) become index masks with
# tools/dataset_converters/masks_to_index.py, which prints the metainfo
# line below. The heads get as many classes as `classes` names (the tools
# set it), and a checkpoint trained on another number is refused.
# As written it reads the membrane example of the README (Segmentation,
# "Your data"). The tiny UNet, 8 epochs of random 128x128 windows, 2 a
# batch (many small steps: it trains on 2 CPU cores in about a minute on
# membrane's 20 photos), tested on whole photos by Gaussian-weighted
# 256x256 windows; seeded.
_base_ = [
    '../../_base_/models/unet-tiny-s4-d8_segmentation.py',
    '../../_base_/schedules/segmentation_adamw-8e.py'
]
data_root = 'data/membrane_colour'  # CHANGE (or tools' --data-root)
metainfo = dict(  # CHANGE: classes in index order, a colour each to draw
    classes=('cell', 'membrane'),
    palette=[[0, 0, 0], [255, 0, 0]])
img_suffix = '.jpg'  # CHANGE: how photo names end
seg_map_suffix = '_mask.png'  # CHANGE: how mask names end
img_dir, mask_dir = 'images', 'index_masks'  # CHANGE: split folders' parents
# one size setting (tools' --max-pixels N wins): photos above it are
# downscaled in the train, val, test and TTA pipelines; None: native size
max_pixels = None
crop_size = (128, 128)  # training windows
randomness = dict(seed=0)

train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(type='PixelBudgetResize'),
    dict(type='RandomCrop', crop_size=crop_size, cat_max_ratio=0.95),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='PackSegInputs')
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='PixelBudgetResize'),  # masks stay at the photo's size
    dict(type='LoadAnnotations'),
    dict(type='PackSegInputs')
]

data_settings = dict(
    type='MaskFolderDataset',
    data_root=data_root,
    img_suffix=img_suffix,
    seg_map_suffix=seg_map_suffix,
    metainfo=metainfo)
train_dataloader = dict(
    batch_size=2,
    num_workers=0,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        **data_settings,
        data_prefix=dict(
            img_path=img_dir + '/train', seg_map_path=mask_dir + '/train'),
        pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=1,
    num_workers=0,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        **data_settings,
        data_prefix=dict(
            img_path=img_dir + '/val', seg_map_path=mask_dir + '/val'),
        pipeline=test_pipeline))
test_dataloader = dict(
    batch_size=1,
    num_workers=0,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        **data_settings,
        data_prefix=dict(
            img_path=img_dir + '/test', seg_map_path=mask_dir + '/test'),
        pipeline=test_pipeline))
val_evaluator = dict(type='IoUDiceMetric')
test_evaluator = val_evaluator
