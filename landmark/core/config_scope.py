"""Which task a config belongs to, read before anything task-specific is
imported."""
import importlib
import os.path as osp
from types import ModuleType
from typing import Optional

from mmengine.config import Config

# default_scope -> landmark task package
TASK_OF_SCOPE = {
    'mmdet': 'detection',
    'mmpretrain': 'classification',
    'mmseg': 'segmentation',
}


def config_scope(config: str) -> Optional[str]:
    """The ``default_scope`` of a config file (``'mmdet'``,
    ``'mmpretrain'``, ``'mmseg'``), without importing its custom modules;
    None when the file is missing or not a Python config (the tool then
    reports it in its own words).

    Examples:
        >>> config_scope('configs/dino/dino-4scale_r50_...landmark.py')
        'mmdet'
    """
    if not (config.endswith('.py') and osp.isfile(config)):
        return None
    return Config.fromfile(
        config, import_custom_modules=False).get('default_scope')


def task_tool_runs(config: str) -> ModuleType:
    """The module that runs the tools for ``config``'s task
    (``landmark.<task>.apis.tool_runs``: ``run_train``, ``run_test``...),
    imported only now so that a run imports no other task's package.
    Detection when the scope is not a known task's (the detection tools
    then report a missing or unreadable config in their own words).

    Examples:
        >>> task_tool_runs('configs/classification/ce/'
        ...                'ce_resnet18_1xb32-30e_trash.py').__name__
        'landmark.classification.apis.tool_runs'
    """
    task = TASK_OF_SCOPE.get(config_scope(config), 'detection')
    if task == 'classification' and imports_retrieval(config):
        # retrieval shares mmpretrain's scope; its package says it apart
        task = 'retrieval'
    return importlib.import_module(f'landmark.{task}.apis.tool_runs')


def imports_retrieval(config: str) -> bool:
    """Whether ``config`` loads ``landmark.retrieval`` (``custom_imports``),
    i.e. is a retrieval config in mmpretrain's scope."""
    imports = Config.fromfile(config, import_custom_modules=False).get(
        'custom_imports', {}).get('imports', [])
    return 'landmark.retrieval' in imports
