from landmark.classification.engine.hooks.batch_augments_from_epoch_hook import \
    BatchAugmentsFromEpochHook  # noqa: E501
from landmark.classification.engine.hooks.deferred_reweighting_hook import \
    DeferredReweightingHook
from landmark.classification.engine.hooks.train_class_counts_hook import \
    TrainClassCountsHook

__all__ = [
    'BatchAugmentsFromEpochHook', 'DeferredReweightingHook',
    'TrainClassCountsHook'
]
