# The CPU variant: ResNet-18 from scratch (no download) at 64 px for 10
# epochs, the setting of the README's comparison table; a train epoch takes
# about 15 s on 2 CPU cores.
_base_ = ['./ce_resnet18_1xb32-30e_trash.py']
model = dict(backbone=dict(init_cfg=None))
train_cfg = dict(max_epochs=10)
param_scheduler = [
    dict(type='LinearLR', start_factor=0.1, by_epoch=True, begin=0, end=1,
         convert_to_iter_based=True),
    dict(type='CosineAnnealingLR', by_epoch=True, begin=1, end=10),
]
model_budget = dict(input_shape=(3, 64, 64))
image_size = 64  # every pipeline, TTA included (applied by the tools)
