from . import hooks  # noqa: F401 (registers hooks)
from .checkpoint_loader import (CHECKPOINT_SAFE_GLOBALS, TRUST_ENV_VAR,
                                UnsafeCheckpointError,
                                legacy_checkpoints_trusted,
                                load_checkpoint_safely,
                                register_safe_checkpoint_loader,
                                trust_legacy_checkpoints)
from .hooks import *  # noqa: F401,F403

register_safe_checkpoint_loader()

__all__ = [
    'CHECKPOINT_SAFE_GLOBALS', 'TRUST_ENV_VAR', 'UnsafeCheckpointError',
    'legacy_checkpoints_trusted', 'load_checkpoint_safely',
    'register_safe_checkpoint_loader', 'trust_legacy_checkpoints'
]
