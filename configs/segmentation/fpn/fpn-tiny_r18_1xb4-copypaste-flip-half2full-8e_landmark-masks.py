# Progressive resolution on the synthetic masks (the 256-then-512):
# epochs 1-5 train on the windows shrunk to half their side (a quarter of
# the pixels), epochs 6-8 on the windows at native resolution; copy-paste
# as in the base (the switch replaces the pipeline of the windows it mixes).
_base_ = ['./fpn-tiny_r18_1xb4-copypaste-flip-8e_landmark-masks.py']
half_windows = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'),
    dict(type='RandomCrop', crop_size=(512, 512), cat_max_ratio=0.9),
    dict(type='Resize', scale_factor=0.5, keep_ratio=True)
]
train_dataloader = dict(dataset=dict(dataset=dict(pipeline=half_windows)))
custom_hooks = [
    dict(type='KeepLastEpochsHook', keep_last=3),
    dict(
        type='ProgressiveResolutionHook',
        switch_epoch=5,
        switch_pipeline={{_base_.window_pipeline}})
]
