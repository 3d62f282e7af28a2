# LDAM loss (margins ~ n_c^(-1/4), max 0.5, scale 30 on cosine logits) with
# deferred re-weighting (effective number, beta 0.9999) from 4/5 of the
# schedule on, as LDAM-DRW (160 of 200 epochs on CIFAR).
_base_ = ['../ce/ce_resnet18_1xb32-30e_trash.py']
model = dict(
    head=dict(
        type='NormedLinearClsHead',
        loss=dict(type='LDAMLoss', max_m=0.5, scale=30.0, beta=0.9999)))
# the tools set the hook's start_epoch from this key, so that a child config
# or --cfg-options drw_start_epoch=N moves it
drw_start_epoch = 24
custom_hooks = [
    dict(type='TrainClassCountsHook'),  # gives LDAMLoss the counts
    dict(type='DeferredReweightingHook', start_epoch=drw_start_epoch),
]
