# MMDetection's DINO schedule: AdamW lr 1e-4 (backbone lr x0.1), gradient
# clipping at 0.1, lr x0.1 after epoch 11; 12 epochs, validated every
# epoch. base_batch_size 2: the landmark configs train 1 GPU x 2 images.
max_epochs = 12
train_cfg = dict(
    type='EpochBasedTrainLoop', max_epochs=max_epochs, val_interval=1)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')

optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='AdamW', lr=0.0001, weight_decay=0.0001),
    clip_grad=dict(max_norm=0.1, norm_type=2),
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
