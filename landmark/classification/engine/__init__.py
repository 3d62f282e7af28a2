from landmark.classification.engine.hooks import (BatchAugmentsFromEpochHook,
                                                  DeferredReweightingHook,
                                                  TrainClassCountsHook)

__all__ = [
    'BatchAugmentsFromEpochHook', 'DeferredReweightingHook',
    'TrainClassCountsHook'
]
