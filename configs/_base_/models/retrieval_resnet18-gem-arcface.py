# ResNet-18 -> GeM -> linear projection (128) -> L2 norm, trained as a
# classifier of landmark ids with sub-center ArcFace (3 sub-centers);
# retrieval uses the neck's embedding (tools/retrieve.py)
model = dict(
    type='ImageClassifier',
    backbone=dict(
        type='ResNet',
        depth=18,
        num_stages=4,
        out_indices=(3, ),
        style='pytorch',
        init_cfg=dict(
            type='Pretrained',
            checkpoint='https://download.openmmlab.com/mmclassification/v0/'
            'resnet/resnet18_8xb32_in1k_20210831-fbbb1da6.pth',
            prefix='backbone')),
    neck=dict(type='GeMProjectionNeck', in_channels=512, embed_dims=128),
    head=dict(
        type='ArcFaceClsHead',
        num_classes=20,
        in_channels=128,
        num_subcenters=3,
        loss=dict(type='CrossEntropyLoss', loss_weight=1.0),
        init_cfg=None))
