# mmpretrain's ImageToImageRetriever (landmark's GalleryRetriever, which
# also lists the gallery photos it left out): the classification base's
# ResNet-18
# -> GeM -> linear projection (128) -> L2 norm, trained as a classifier of
# landmark ids with sub-center ArcFace (3 sub-centers); validation ranks a
# gallery (`prototype`, a dataloader set by the experiment config) by
# cosine similarity. For real photos start from ImageNet weights: add
# init_cfg=dict(type='Pretrained', checkpoint=..., prefix='backbone') to
# the backbone.
_base_ = ['./classification_resnet18.py']
model = dict(
    _delete_=True,
    type='GalleryRetriever',
    image_encoder=[
        {{_base_.model.backbone}},
        dict(type='GeMProjectionNeck', in_channels=512, embed_dims=128),
    ],
    head=dict(
        type='ArcFaceClsHead',
        num_classes=20,
        in_channels=128,
        num_subcenters=3,
        loss=dict(type='CrossEntropyLoss', loss_weight=1.0),
        init_cfg=None))
