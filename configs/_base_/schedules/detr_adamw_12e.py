# MMDetection's DINO schedule: AdamW lr 1e-4 (backbone lr x0.1), gradient
# clipping at 0.1, lr x0.1 after epoch 11; 12 epochs, validated every
# epoch. Effective batch 2 = 1 GPU x batch 1 x 2 accumulated steps (the
# native-resolution DINO configs set batch_size=1: no photo is padded to
# another's size); --auto-scale-lr counts the accumulation
# (landmark.core.runner.apply_auto_scale_lr), so base_batch_size is 2.
max_epochs = 12
train_cfg = dict(
    type='EpochBasedTrainLoop', max_epochs=max_epochs, val_interval=1)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')

optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='AdamW', lr=0.0001, weight_decay=0.0001),
    clip_grad=dict(max_norm=0.1, norm_type=2),
    accumulative_counts=2,
    paramwise_cfg=dict(custom_keys={'backbone': dict(lr_mult=0.1)}))
param_scheduler = [
    dict(
        type='MultiStepLR',
        begin=0,
        end=max_epochs,
        by_epoch=True,
        milestones=[11],
        gamma=0.1)
]
auto_scale_lr = dict(base_batch_size=2)
