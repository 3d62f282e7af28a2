# Horizontal-flip TTA fused by Non-Maximum Weighted (NMW).
_base_ = ['./flip-wbf.py']

tta_model = dict(fuser=dict(method='nmw'))
