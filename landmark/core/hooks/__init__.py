from landmark.core.hooks.keep_last_epochs_hook import KeepLastEpochsHook

__all__ = ['KeepLastEpochsHook']
