# What every tiny CPU variant of the CNN detectors shares (the demo and the
# tests use them): the landmark data with photos shrunk to a long side of
# 320 px, 4 images a batch, the tiny AdamW schedule, a log line every 10
# iterations and the last 2 checkpoints kept. `tiny_backbone` / `tiny_neck`
# are ResNet-18 at half width trained from scratch (no pretrained weights)
# with a 64-channel FPN (and, for two-stage detectors, `tiny_rpn_head` and
# `tiny_roi_extractor` at 64 channels); a child sets them on its detector's
# base model:
#   model = dict(backbone={{_base_.tiny_backbone}}, neck={{_base_.tiny_neck}})
_base_ = [
    './datasets/landmark_detection.py', './schedules/adamw_12e_tiny.py',
    'mmdet::_base_/default_runtime.py'
]

max_long_side = 320  # applied to every pipeline by the tools
tiny_backbone = dict(
    depth=18,
    base_channels=32,
    frozen_stages=-1,
    norm_eval=False,
    init_cfg=None)
tiny_neck = dict(in_channels=[32, 64, 128, 256], out_channels=64)
tiny_rpn_head = dict(in_channels=64, feat_channels=64)
tiny_roi_extractor = dict(out_channels=64)

train_dataloader = dict(batch_size=4)
default_hooks = dict(
    logger=dict(interval=10),
    checkpoint=dict(
        interval=1,
        max_keep_ckpts=2,
        backend_args=dict(backend='atomic_local')))
