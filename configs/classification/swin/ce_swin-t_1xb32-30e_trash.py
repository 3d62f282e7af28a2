# Swin-T at 224 px (its window layout needs it), AdamW
_base_ = [
    'mmpretrain::_base_/default_runtime.py',
    '../../_base_/models/classification_swin-t.py',
    '../../_base_/datasets/classification_trash.py',
    '../../_base_/schedules/classification_sgd-30e.py',
]
custom_imports = dict(
    imports=['landmark.classification'], allow_failed_imports=False)
# checkpoints written atomically (landmark.core.atomic_file_backend)
default_hooks = dict(
    checkpoint=dict(backend_args=dict(backend='atomic_local')))
image_size = 224  # every pipeline (applied by the tools)
model = dict(
    backbone=dict(
        init_cfg=dict(
            type='Pretrained',
            checkpoint='https://download.openmmlab.com/mmclassification/v0/'
            'swin-transformer/swin_tiny_224_b16x64_300e_imagenet_'
            '20210616_090925-66df6be6.pth',
            prefix='backbone')))
optim_wrapper = dict(
    _delete_=True,
    optimizer=dict(type='AdamW', lr=2e-4, weight_decay=0.05),
    clip_grad=dict(max_norm=5.0))
custom_hooks = [dict(type='TrainClassCountsHook')]
randomness = dict(seed=0)
