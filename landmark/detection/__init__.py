"""Single-object detection on MMDetection 3.x (scope ``mmdet``).

Importing the package registers its datasets, transforms, models, metrics
and hooks into MMDetection's registries, so a config only needs::

    custom_imports = dict(
        imports=['landmark.detection'], allow_failed_imports=False)
"""
from landmark.core.compat import apply_stack_compat

apply_stack_compat('mmdet')  # landmark.core.compat lists each change

from landmark.detection import (datasets, evaluation, hooks,  # noqa: E402
                                models, visualization)

__all__ = ['datasets', 'evaluation', 'hooks', 'models', 'visualization']
