_base_ = [
    '../../_base_/datasets/membrane_segmentation.py',
    '../../_base_/models/unet-s5-d16_segmentation.py',
    '../../_base_/schedules/segmentation_adamw-20e.py',
    'mmseg::_base_/default_runtime.py'
]
default_scope = 'mmseg'
custom_imports = dict(
    imports=['landmark.segmentation'], allow_failed_imports=False)
env_cfg = dict(cudnn_benchmark=False, dist_cfg=dict(backend='gloo'))
log_processor = dict(by_epoch=True)
# tools/test.py --tta: the original view weighted 2, its mirror 1
tta_model = dict(type='WeightedFlipSegTTAModel', view_weights=(2.0, 1.0))
