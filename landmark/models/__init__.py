from . import tta
from .tta import *  # noqa: F401,F403

__all__ = ['tta']
