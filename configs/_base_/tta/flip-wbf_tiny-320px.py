# Flip TTA + WBF for the tiny CPU variants (`*_r18-tiny*_320px*`), whose
# test pipeline shrinks photos to a long side of 320 px: the TTA views must
# be tested at the same size as the plain run.
_base_ = ['./flip-wbf.py']

tta_pipeline = [
    dict(type='LoadImageFromFile', backend_args=None),
    dict(type='NativeResolution', max_long_side=320),
    dict(
        type='TestTimeAug',
        transforms=[
            [
                dict(type='RandomFlip', prob=0.),
                dict(type='RandomFlip', prob=1., direction='horizontal'),
            ],
            [dict(type='LoadAnnotations', with_bbox=True)],
            [
                dict(
                    type='PackDetInputs',
                    meta_keys=('img_id', 'img_path', 'ori_shape', 'img_shape',
                               'scale_factor', 'flip', 'flip_direction'))
            ],
        ])
]
