# The CPU config: ResNet-18 from scratch (no download) at 64 px, GeM +
# 128-d projection, sub-center ArcFace, 20 epochs of the synthetic set;
# validation reports mAP@100 and recall@1/5/10 of val.csv's queries
# against train.csv's images (the gallery, embedded once per validation).
# The tools set the ArcFace head's classes from train.csv's ids, and the
# gallery (model.prototype) from the query set's gallery_ann_file.
_base_ = [
    'mmpretrain::_base_/default_runtime.py',
    '../../_base_/models/retrieval_resnet18-gem-arcface.py',
    '../../_base_/datasets/retrieval_synthetic.py',
    '../../_base_/schedules/classification_sgd-30e.py',
]
default_scope = 'mmpretrain'
custom_imports = dict(
    imports=['landmark.retrieval'], allow_failed_imports=False)
model = dict(prototype={{_base_.gallery_dataloader}})
custom_hooks = [dict(type='PrepareProtoBeforeValLoopHook')]
default_hooks = dict(
    checkpoint=dict(
        save_best='retrieval/mAP@100',
        rule='greater',
        backend_args=dict(backend='atomic_local')))
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
# tools/retrieve.py --flip: the weights of the original and mirrored views
# (its images go through the test pipeline, sized by image_size as every
# pipeline and the gallery are)
retrieval = dict(view_weights=(2.0, 1.0))
