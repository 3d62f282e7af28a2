# Epoch-based, AdamW, validation and the last 3 epochs' weights kept (for
# epoch ensembles) every epoch; mmseg's runtime in landmark's scope, on CPU
# or GPU (gloo), logged by epoch, and view-weighted flip TTA for --tta.
_base_ = ['mmseg::_base_/default_runtime.py']
default_scope = 'mmseg'
env_cfg = dict(cudnn_benchmark=False, dist_cfg=dict(backend='gloo'))
log_processor = dict(by_epoch=True)
# tools/test.py --tta: the original view weighted 2, its mirror 1, over the
# test pipeline with a mirrored view (derived by the tools, so every resize
# of the test pipeline applies under --tta too)
tta_model = dict(type='WeightedFlipSegTTAModel', view_weights=(2.0, 1.0))
optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='AdamW', lr=1e-3, weight_decay=1e-4))
param_scheduler = [
    dict(
        type='CosineAnnealingLR', by_epoch=True, begin=0, end=20, eta_min=1e-5)
]
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=20, val_interval=1)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
default_hooks = dict(
    timer=dict(type='IterTimerHook'),
    logger=dict(type='LoggerHook', interval=10, log_metric_by_epoch=True),
    param_scheduler=dict(type='ParamSchedulerHook'),
    checkpoint=dict(
        type='CheckpointHook',
        by_epoch=True,
        interval=1,
        max_keep_ckpts=1,
        save_best='mIoU',
        rule='greater',
        backend_args=dict(backend='atomic_local')),
    sampler_seed=dict(type='DistSamplerSeedHook'),
    visualization=dict(type='SegVisualizationHook'))
custom_hooks = [dict(type='KeepLastEpochsHook', keep_last=3)]
