from landmark.detection.evaluation import ensemble, metrics, writers
from landmark.detection.evaluation.ensemble import *  # noqa: F401,F403
from landmark.detection.evaluation.metrics import *  # noqa: F401,F403
from landmark.detection.evaluation.writers import *  # noqa: F401,F403

__all__ = ['ensemble', 'metrics', 'writers']
