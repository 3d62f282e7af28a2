from landmark.detection.hooks.tta_comparison_hook import TTAComparisonHook

__all__ = ['TTAComparisonHook']
