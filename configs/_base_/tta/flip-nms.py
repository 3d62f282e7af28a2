# Horizontal-flip TTA merged by plain NMS (other settings: flip-wbf.py).
_base_ = ['./flip-wbf.py']

tta_model = dict(fuser=dict(type='BoxFuser', method='nms', iou_thr=0.5))
