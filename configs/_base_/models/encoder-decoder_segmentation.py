# What every segmentation model here shares: landmark's modules imported,
# ImageNet mean/std with images padded by 0 and masks by the ignore value
# 255 to a multiple of 32 (UNet's 16x and ResNet's 32x), a decode head
# trained with cross-entropy plus the Dice loss that masks ignored pixels,
# and Gaussian-weighted sliding windows at test time. Model bases inherit it
# and add the backbone (and neck) and the head's type and channels.
custom_imports = dict(
    imports=['landmark.segmentation'], allow_failed_imports=False)
norm_cfg = dict(type='BN', requires_grad=True)
# top-level, as mmpretrain writes it: MMEngine's runner merges it into the
# model, and so does every landmark tool that builds a model itself
# (landmark.core.model_config.model_config_as_runner_builds)
data_preprocessor = dict(
    type='SegDataPreProcessor',
    mean=[123.675, 116.28, 103.53],
    std=[58.395, 57.12, 57.375],
    bgr_to_rgb=True,
    pad_val=0,
    seg_pad_val=255,
    size_divisor=32)
model = dict(
    type='GaussianSlideEncoderDecoder',
    decode_head=dict(
        dropout_ratio=0.1,
        num_classes=2,
        norm_cfg=norm_cfg,
        align_corners=False,
        loss_decode=[
            dict(type='CrossEntropyLoss', loss_weight=1.0),
            dict(type='MaskedDiceLoss', loss_weight=1.0)
        ]),
    train_cfg=dict(),
    test_cfg=dict(
        mode='gaussian_slide', crop_size=(256, 256), stride=(170, 170)))
