# Horizontal-flip TTA fused by Non-Maximum Weighted (NMW) (other settings:
# flip-wbf.py).
_base_ = ['./flip-wbf.py']

tta_model = dict(fuser=dict(type='BoxFuser', method='nmw', iou_thr=0.55))
