from landmark.detection.hooks.chunked_deformable_attention_hook import \
    ChunkedDeformableAttentionHook
from landmark.detection.hooks.tta_comparison_hook import TTAComparisonHook

__all__ = ['ChunkedDeformableAttentionHook', 'TTAComparisonHook']
