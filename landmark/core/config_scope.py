"""Which task a config belongs to, read before anything task-specific is
imported."""
import os.path as osp
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
