# CutMix switched on only from epoch 10 (0-based; from the start it overfit
# in the source solution). Soft labels need the soft cross-entropy.
_base_ = ['./ce_resnet18_1xb32-30e_trash.py']
model = dict(
    head=dict(loss=dict(type='CrossEntropyLoss', use_soft=True),
              cal_acc=False))
cutmix_start_epoch = 10  # set on the hook by the tools (--cfg-options works)
custom_hooks = [
    dict(type='TrainClassCountsHook'),
    dict(
        type='BatchAugmentsFromEpochHook',
        start_epoch=cutmix_start_epoch,
        augments=dict(type='CutMix', alpha=1.0)),
]
