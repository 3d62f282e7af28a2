# The headline: DINO with Swin-L (ImageNet-22k weights) at native
# resolution, 1 GPU x 2 images (batch 1, 2 steps accumulated), activation
# checkpointing in the backbone (with_cp) and, from the ResNet-50 base, in
# the deformable encoder and decoder layers, and mixed precision (the
# README's native-resolution table). Without network access put the .pth
# file somewhere and pass
# --cfg-options model.backbone.init_cfg.checkpoint=/path/to/file.pth
_base_ = './dino-4scale_swin-t_1xb2-native-res-12e_landmark.py'

pretrained = 'https://github.com/SwinTransformer/storage/releases/download/v1.0.0/swin_large_patch4_window12_384_22k.pth'  # noqa
num_levels = 5
model = dict(
    num_feature_levels=num_levels,
    backbone=dict(
        pretrain_img_size=384,
        embed_dims=192,
        depths=[2, 2, 18, 2],
        num_heads=[6, 12, 24, 48],
        window_size=12,
        out_indices=(0, 1, 2, 3),
        init_cfg=dict(checkpoint=pretrained)),
    neck=dict(in_channels=[192, 384, 768, 1536], num_outs=num_levels),
    encoder=dict(layer_cfg=dict(self_attn_cfg=dict(num_levels=num_levels))),
    decoder=dict(layer_cfg=dict(cross_attn_cfg=dict(num_levels=num_levels))))

# mixed precision without --amp: fp16 AmpOptimWrapper on a GPU; on the CPU
# tools/train.py swaps in CPUAmpOptimWrapper (bf16 autocast) (its memory and
# time: README, native resolution)
optim_wrapper = dict(type='AmpOptimWrapper', loss_scale='dynamic')

# without CUDA, mmcv's deformable attention samples every query's points
# at once: 5.0 GiB a copy over Swin-L's 5 levels at 2048x1536. In chunks of
# queries the outputs are the same and the peak lower (README, native
# resolution); a GPU runs mmcv's CUDA kernel, unaffected.
custom_hooks = [
    dict(
        type='ActivationCheckpointingHook',
        modules=['encoder.layers', 'decoder.layers']),
    dict(type='ChunkedDeformableAttentionHook')
]
