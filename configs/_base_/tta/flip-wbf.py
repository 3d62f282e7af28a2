# Horizontal-flip test-time augmentation fused by Weighted Boxes Fusion.
# Switched on by `tools/test.py CONFIG CHECKPOINT --tta` (which wraps
# `model` in `tta_model` and uses `tta_pipeline` for the test data), or
# inherited by a config: `_base_ = [..., '../_base_/tta/flip-wbf.py']`.
# Images are kept at their native resolution, as in the test pipelines of
# this project; a config whose test pipeline resizes should override
# `tta_pipeline` with the same Resize before `TestTimeAug` (as
# `flip-wbf_tiny-320px.py` does). The types are registered by `landmark`:
# the config inheriting this needs `custom_imports =
# dict(imports=['landmark.detection'], ...)`, as every config of this project has (it
# is not repeated here: a key may appear in only one of several bases).

tta_model = dict(
    type='FusionTTAModel',
    fuser=dict(
        type='BoxFuser',
        method='wbf',
        iou_thr=0.55,
        skip_box_thr=0.0,
        conf_type='avg'),
    # One weight per view of `tta_pipeline`: the original, then the flip.
    view_weights=(2.0, 1.0),
    # One landmark per photo: keep the top box after fusion.
    single_object=True,
    # Both views go through the detector as one batch (False: one pass per
    # view, less memory).
    batch_views=True)

tta_pipeline = [
    dict(type='LoadImageFromFile', backend_args=None),
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
