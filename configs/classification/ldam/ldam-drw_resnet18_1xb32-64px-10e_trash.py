# The CPU variant of LDAM-DRW, beside CE's
# (../ce/ce_resnet18_1xb32-64px-10e_trash.py): ResNet-18 from scratch (no
# download) at 64 px for 10 epochs, re-weighting from epoch 8 (4/5 of the
# schedule, as the 30-epoch config). Tune with --cfg-options
# drw_start_epoch=N or model.head.loss.max_m=0.3.
_base_ = ['./ldam-drw_resnet18_1xb32-30e_trash.py']
model = dict(backbone=dict(init_cfg=None))
train_cfg = dict(max_epochs=10)
param_scheduler = [
    dict(type='LinearLR', start_factor=0.1, by_epoch=True, begin=0, end=1,
         convert_to_iter_based=True),
    dict(type='CosineAnnealingLR', by_epoch=True, begin=1, end=10),
]
model_budget = dict(input_shape=(3, 64, 64))
image_size = 64  # every pipeline, TTA included (applied by the tools)
drw_start_epoch = 8  # applied to DeferredReweightingHook by the tools
