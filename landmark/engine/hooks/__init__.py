from .keep_last_epochs_hook import KeepLastEpochsHook
from .tta_comparison_hook import TTAComparisonHook

__all__ = ['KeepLastEpochsHook', 'TTAComparisonHook']
