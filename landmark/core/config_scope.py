"""Which task a config belongs to, read before anything task-specific is
imported."""
import argparse
import importlib
import os.path as osp
import sys
from types import ModuleType
from typing import Optional

from mmengine.config import Config

# default_scope -> landmark task package
TASK_OF_SCOPE = {
    'mmdet': 'detection',
    'mmpretrain': 'classification',
    'mmseg': 'segmentation',
}


class ConfigFileError(ValueError):
    """A config file that exists but cannot be read (a ``_base_`` file it
    names is missing, a syntax error): one line naming the config."""


def _read_config(config: str) -> Config:
    """``config`` read without its custom imports.

    Raises:
        ConfigFileError: ``"<config>: <why>; expected ..."``, e.g. for a
            config copied out of ``configs/`` whose ``_base_`` paths,
            relative to the config, no longer resolve.
    """
    try:
        return Config.fromfile(config, import_custom_modules=False)
    except FileNotFoundError as err:
        missing = err.filename or str(err)
        raise ConfigFileError(
            f'{config}: cannot be read, {missing} does not exist; expected '
            'every _base_ file at the path the config gives, relative to '
            "the config's folder (copy a config next to the one it "
            'came from, or write the full paths in _base_)') from None
    except SyntaxError as err:
        # MMEngine parses the text without its file name: '<unknown>'
        where = err.filename if err.filename and osp.isfile(
            err.filename) else config
        raise ConfigFileError(
            f'{config}: not a valid Python config ({err.msg}, line '
            f'{err.lineno} of {where})') from None


def config_scope(config: str) -> Optional[str]:
    """The ``default_scope`` of a config file (``'mmdet'``,
    ``'mmpretrain'``, ``'mmseg'``), without importing its custom modules;
    None when the file is missing or not a Python config (the tool then
    reports it in its own words).

    Raises:
        ConfigFileError: When the file exists but cannot be read.

    Examples:
        >>> config_scope('configs/dino/dino-4scale_r50_...landmark.py')
        'mmdet'
    """
    if not (config.endswith('.py') and osp.isfile(config)):
        return None
    return _read_config(config).get('default_scope')


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
    imports = _read_config(config).get('custom_imports',
                                       {}).get('imports', [])
    return 'landmark.retrieval' in imports


def run_task_tool(tool: str, args: argparse.Namespace) -> int:
    """``landmark.<task>.apis.tool_runs.<tool>(args)`` for the task of
    ``args.config`` (:func:`task_tool_runs`): what ``tools/train.py``,
    ``test.py`` and ``infer.py`` run.

    Returns:
        int: The run's exit code; 2, with one line on stderr, when the
        config exists but cannot be read.
    """
    try:
        runs = task_tool_runs(args.config)
    except ConfigFileError as err:
        print(f'error: {err}', file=sys.stderr)
        return 2
    return getattr(runs, tool)(args)
