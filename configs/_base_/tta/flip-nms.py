# Horizontal-flip TTA merged by plain NMS.
_base_ = ['./flip-wbf.py']

tta_model = dict(fuser=dict(method='nms', iou_thr=0.5))
