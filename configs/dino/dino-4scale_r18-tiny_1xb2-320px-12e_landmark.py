# Tiny CPU variant of DINO-ResNet, for the tests and the TTA/export
# examples: ResNet-18 at half width and a 256-channel transformer with 1
# encoder and 2 decoder layers, trained from scratch, long side 320 px.
_base_ = './dino-4scale_r50_1xb2-native-res-12e_landmark.py'

max_long_side = 320  # applied to every pipeline by the tools
# 256 as in mmdet: its DINO decoder hard-codes a 512-wide (2 x 256) sine
# embedding of the reference points; the model stays small through depth.
model = dict(
    num_queries=20,
    backbone=dict(
        depth=18,
        base_channels=32,
        frozen_stages=-1,
        norm_cfg=dict(type='BN', requires_grad=True),
        norm_eval=False,
        with_cp=False,
        init_cfg=None),
    neck=dict(in_channels=[64, 128, 256]),
    encoder=dict(
        num_layers=1, layer_cfg=dict(ffn_cfg=dict(feedforward_channels=256))),
    decoder=dict(
        num_layers=2, layer_cfg=dict(ffn_cfg=dict(feedforward_channels=256))),
    dn_cfg=dict(group_cfg=dict(num_dn_queries=10)))

# 320 px photos pad little: batch 2, no accumulation, no checkpointing of
# the encoder and decoder (the base's ActivationCheckpointingHook)
train_dataloader = dict(batch_size=2)
optim_wrapper = dict(accumulative_counts=1)
custom_hooks = []
default_hooks = dict(
    logger=dict(interval=10), checkpoint=dict(interval=1, max_keep_ckpts=2))
