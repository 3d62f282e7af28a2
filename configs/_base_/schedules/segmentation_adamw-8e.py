# The 20-epoch schedule shortened to 8 epochs (tiny CPU runs), with a
# higher learning rate.
_base_ = ['./segmentation_adamw-20e.py']
optim_wrapper = dict(optimizer=dict(lr=1e-2))
param_scheduler = [
    dict(
        type='CosineAnnealingLR', by_epoch=True, begin=0, end=8, eta_min=1e-4)
]
train_cfg = dict(max_epochs=8)
