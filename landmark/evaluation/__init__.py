from . import ensemble, metrics, writers
from .ensemble import *  # noqa: F401,F403
from .metrics import *  # noqa: F401,F403
from .writers import *  # noqa: F401,F403

__all__ = ['ensemble', 'metrics', 'writers']
