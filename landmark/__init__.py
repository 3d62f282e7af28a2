"""landmark: find the single object in a photo, say which one it is and
where it is, on the OpenMMLab stack.

One package per task, each on its own OpenMMLab library and registry
scope, over a shared core (docs/get_started.md: Where things live):

- ``landmark.core``: what every task shares (no task library imported);
- ``landmark.detection``: MMDetection (``default_scope = 'mmdet'``).

A config imports the task it needs, e.g.
``custom_imports = dict(imports=['landmark.detection'],
allow_failed_imports=False)``.
"""
from landmark.version import __version__

__all__ = ['__version__', 'Inferencer']


def __getattr__(name: str):
    # ``from landmark import Inferencer`` imports torch and the task's
    # library only when asked for, so ``import landmark`` stays light
    if name == 'Inferencer':
        from landmark.inference import Inferencer
        return Inferencer
    raise AttributeError(f'module {__name__!r} has no attribute {name!r}')
