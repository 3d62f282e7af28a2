# Horizontal-flip TTA merged by Gaussian soft-NMS (other settings:
# flip-wbf.py).
_base_ = ['./flip-wbf.py']

tta_model = dict(
    fuser=dict(
        type='BoxFuser',
        method='soft_nms',
        iou_thr=0.5,
        sigma=0.5,
        soft_nms_thr=0.001))
