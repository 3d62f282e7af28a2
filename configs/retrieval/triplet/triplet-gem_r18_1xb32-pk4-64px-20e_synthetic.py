# The triplet variant of the CPU config: no classifier, a batch-hard
# triplet loss (margin 0.3) on the L2-normalized 128-d GeM embedding, each
# batch 8 landmarks x 4 images (ClassGroupedSampler) so that every anchor
# has positives and negatives. Same data, schedule and validation
# (mAP@100 of val.csv's queries against train.csv) as the ArcFace config.
_base_ = [
    'mmpretrain::_base_/default_runtime.py',
    '../../_base_/models/retrieval_resnet18-gem-arcface.py',
    '../../_base_/datasets/retrieval_synthetic.py',
    '../../_base_/schedules/classification_sgd-30e.py',
]
default_scope = 'mmpretrain'
custom_imports = dict(
    imports=['landmark.retrieval'], allow_failed_imports=False)
model = dict(
    head=dict(
        _delete_=True,
        type='TripletEmbeddingHead',
        loss=dict(type='MinedTripletLoss', margin=0.3, mining='batch_hard')),
    prototype={{_base_.gallery_dataloader}})
train_dataloader = dict(
    sampler=dict(
        _delete_=True, type='ClassGroupedSampler', images_per_class=4))
custom_hooks = [dict(type='PrepareProtoBeforeValLoopHook')]
default_hooks = dict(
    checkpoint=dict(save_best='retrieval/mAP@100', rule='greater'))
train_cfg = dict(max_epochs=20, val_interval=5)
param_scheduler = [
    dict(
        type='LinearLR',
        start_factor=0.1,
        by_epoch=True,
        begin=0,
        end=1,
        convert_to_iter_based=True),
    dict(type='CosineAnnealingLR', by_epoch=True, begin=1, end=20),
]
# embeddings for tools/retrieve.py: images resized to this square size
retrieval = dict(image_size=64, view_weights=(2.0, 1.0))
