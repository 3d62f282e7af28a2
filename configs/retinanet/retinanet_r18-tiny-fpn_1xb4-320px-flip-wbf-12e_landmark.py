# The tiny RetinaNet with flip TTA (WBF), the plain/TTA validation hook and
# the last 3 epochs' weights kept for epoch ensembling (README: "Flip TTA,
# box fusion and ensembling").
_base_ = [
    './retinanet_r18-tiny-fpn_1xb4-320px-12e_landmark.py',
    '../_base_/tta/flip-wbf.py'
]
custom_hooks = [
    dict(type='TTAComparisonHook'),
    dict(type='KeepLastEpochsHook', keep_last=3),
]
