# The schedule of the tiny CPU variants trained from scratch: AdamW lr 1e-3
# with gradient clipping, 50 warm-up iterations, lr x0.1 after epochs 9 and
# 11; 12 epochs, validated every epoch.
train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=12, val_interval=1)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')

optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='AdamW', lr=1e-3, weight_decay=0.05),
    clip_grad=dict(max_norm=10, norm_type=2))
param_scheduler = [
    dict(type='LinearLR', start_factor=0.1, by_epoch=False, begin=0, end=50),
    dict(type='MultiStepLR', by_epoch=True, milestones=[9, 11], gamma=0.1)
]
auto_scale_lr = dict(enable=False, base_batch_size=4)
