# The tiny UNet with copy-paste: half of the training windows get the
# membrane pixels (class 0) of another window pasted over them.
_base_ = ['./unet-tiny_s4-d8_1xb4-flip-8e_membrane.py']
train_dataloader = dict(
    dataset=dict(
        dataset=dict(
            _delete_=True,
            type='MultiImageMixDataset',
            dataset={{_base_.train_windows}},
            pipeline=[
                dict(type='SemanticCopyPaste', prob=0.5, classes=[0]),
                dict(type='RandomFlip', prob=0.5, direction='horizontal'),
                dict(type='RandomFlip', prob=0.5, direction='vertical'),
                dict(type='PackSegInputs')
            ])))
