# The tiny FPN on the synthetic masks with copy-paste: half of the training
# photos get the landmark of another photo (any class) pasted over them.
_base_ = ['./fpn-tiny_r18_1xb4-flip-8e_landmark-masks.py']
train_dataloader = dict(
    dataset=dict(
        _delete_=True,
        type='MultiImageMixDataset',
        dataset={{_base_.train_windows}},
        pipeline=[
            dict(type='SemanticCopyPaste', prob=0.5, classes=[1, 2, 3, 4, 5]),
            dict(type='RandomFlip', prob=0.5, direction='horizontal'),
            dict(type='PackSegInputs')
        ]))
