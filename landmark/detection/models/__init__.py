from landmark.detection.models import tta
from landmark.detection.models.tta import *  # noqa: F401,F403

__all__ = ['tta']
