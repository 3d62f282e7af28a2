from landmark.segmentation.hooks.progressive_resolution_hook import \
    ProgressiveResolutionHook

__all__ = ['ProgressiveResolutionHook']
