"""Reseed every random generator at the start of each training epoch."""
from mmengine.hooks import Hook
from mmengine.registry import HOOKS
from mmengine.runner.utils import set_random_seed


@HOOKS.register_module()
class EpochSeedHook(Hook):
    """Seed Python, NumPy and torch with ``seed + epoch`` before each
    training epoch, so that an epoch's randomness (shuffling, flips, the
    detector's random queries) does not depend on what ran before it.

    A run resumed from an epoch checkpoint (``tools/train.py --resume``,
    after a crash or ``kill -9``) then replays the following epochs exactly
    as the uninterrupted run would have: MMEngine saves no random state in
    its checkpoints, and validation between epochs draws from the same
    generators. Data-loader workers that persist across epochs keep their
    own generators (seeded once by MMEngine); for a bit-exact replay use
    ``num_workers=0`` or ``persistent_workers=False``.

    Args:
        seed (int, optional): The base seed; defaults to the runner's
            (``randomness.seed`` or ``--cfg-options randomness.seed=0``).

    Examples:
        >>> custom_hooks = [dict(type='EpochSeedHook')]
        >>> randomness = dict(seed=0, deterministic=True)
    """

    priority = 'VERY_HIGH'  # before any other hook draws a random number

    def __init__(self, seed=None):
        self.seed = seed

    def before_train_epoch(self, runner) -> None:
        """Seed the generators with ``seed + epoch``."""
        seed = self.seed if self.seed is not None else runner.seed
        set_random_seed(seed + runner.epoch)
