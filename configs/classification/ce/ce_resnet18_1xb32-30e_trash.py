# Plain cross-entropy (the baseline of the imbalance comparison).
# ImageNet weights from mmpretrain's model zoo; `--cfg-options
# model.backbone.init_cfg=None` trains from scratch (no download).
_base_ = [
    'mmpretrain::_base_/default_runtime.py',
    '../../_base_/models/classification_resnet18.py',
    '../../_base_/datasets/classification_trash.py',
    '../../_base_/schedules/classification_sgd-30e.py',
]
custom_imports = dict(
    imports=['landmark.classification'], allow_failed_imports=False)
model = dict(
    backbone=dict(
        init_cfg=dict(
            type='Pretrained',
            checkpoint='https://download.openmmlab.com/mmclassification/v0/'
            'resnet/resnet18_8xb32_in1k_20210831-fbbb1da6.pth',
            prefix='backbone')))
custom_hooks = [dict(type='TrainClassCountsHook')]  # logs the counts
default_hooks = dict(
    logger=dict(interval=20),
    checkpoint=dict(
        interval=1,
        max_keep_ckpts=1,
        save_best='auto',
        backend_args=dict(backend='atomic_local')))
# a config key read by the tools: refuse a model above it
model_budget = dict(max_gflops=2.0, max_params_m=12.0,
                    input_shape=(3, 224, 224))
randomness = dict(seed=0)
