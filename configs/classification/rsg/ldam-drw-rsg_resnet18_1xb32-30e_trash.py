# LDAM-DRW with RSG (rare-class sample generator) before ResNet-18's last
# stage (256 channels enter it); RSG is off at test time.
_base_ = ['../ldam/ldam-drw_resnet18_1xb32-30e_trash.py']
model = dict(
    type='RSGImageClassifier',
    rsg=dict(
        type='RSGModule',
        num_classes=6,
        in_channels=256,
        head_share=0.5,
        generate_ratio=0.25))
