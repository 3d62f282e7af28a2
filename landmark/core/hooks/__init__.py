from landmark.core.hooks.activation_checkpointing_hook import \
    ActivationCheckpointingHook
from landmark.core.hooks.epoch_seed_hook import EpochSeedHook
from landmark.core.hooks.keep_last_epochs_hook import KeepLastEpochsHook

__all__ = [
    'ActivationCheckpointingHook', 'EpochSeedHook', 'KeepLastEpochsHook'
]
