# The seeded synthetic retrieval set (tools/retrieve.py --make-synthetic
# or landmark.retrieval.datasets.generate_retrieval_dataset): 5 classes x
# 4 landmarks x 6 views at 96 px, read at 64 px. train.csv (5 views of each
# landmark) trains the embedding and is the gallery of validation; val.csv
# (the last view of each landmark) holds the queries, whose ground truth is
# the gallery images of their landmark (QueryCsvDataset).
# The normalization (ImageNet mean / std) and the shape of the pipelines
# are the classification base's; the data, sizes and evaluation differ.
_base_ = ['./classification_trash.py']
data_root = 'data/retrieval_synthetic'
image_size = 64

data_preprocessor = dict(num_classes=20)

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
# train.csv: the training images, and the gallery of validation
train_images = dict(
    type='ClassCsvDataset', data_root=data_root, ann_file='train.csv')
train_dataloader = dict(
    num_workers=0,
    persistent_workers=False,
    dataset=dict(train_images, _delete_=True, pipeline=train_pipeline))
# the gallery: the model's prototype (embedded before each validation)
gallery_dataloader = dict(
    batch_size=64,
    num_workers=0,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(train_images, pipeline=test_pipeline))
val_dataloader = dict(
    num_workers=0,
    persistent_workers=False,
    dataset=dict(
        _delete_=True,
        type='QueryCsvDataset',
        data_root=data_root,
        ann_file='val.csv',
        gallery_ann_file=train_images['ann_file'],
        pipeline=test_pipeline))
val_evaluator = [dict(type='RetrievalMAPMetric', topk=100)]
test_dataloader = val_dataloader
test_evaluator = val_evaluator
# tools/test.py --tta: FlipClsTTAModel (2:1) averages the similarities of
# a query's two views to the gallery, which ranks as the weighted mean of
# their embeddings would (flip TTA of the query)
tta_pipeline = test_pipeline[:-1] + [
    dict(
        type='TestTimeAug',
        transforms=[[
            dict(type='RandomFlip', prob=0.0),
            dict(type='RandomFlip', prob=1.0, direction='horizontal')
        ], [test_pipeline[-1]]])
]
