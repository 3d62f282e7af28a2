"""Read a config and apply the command-line flags every task's tools share
(``--cfg-options``, ``--launcher``, ``--work-dir``, ``--data-root``)."""
import os.path as osp
from typing import Callable, Optional

from mmengine.config import Config

from landmark.core.checkpoint_loader import trust_legacy_checkpoints


def load_config(
        config: str,
        cfg_options: Optional[dict] = None,
        launcher: str = 'none',
        work_dir: Optional[str] = None,
        data_root: Optional[str] = None,
        set_data_root: Optional[Callable[[Config, str],
                                         None]] = None) -> Config:
    """Read a config and apply the flags shared by train and test.

    Args:
        config (str): Path of the config file.
        cfg_options (dict, optional): ``--cfg-options`` overrides, merged
            after ``data_root``. Defaults to None.
        launcher (str): ``--launcher``. Defaults to ``'none'``.
        work_dir (str, optional): ``--work-dir``; otherwise the config's,
            otherwise ``./work_dirs/<config name>``. Defaults to None.
        data_root (str, optional): ``--data-root``: another data set with
            the same layout. Defaults to None.
        set_data_root (callable, optional): The task's way of pointing a
            config at ``data_root`` (``set_data_root(cfg, data_root)``);
            needed when ``data_root`` is given. Defaults to None.

    Returns:
        Config: The config, with ``launcher`` and ``work_dir`` set.

    Raises:
        FileNotFoundError: The config file does not exist.
    """
    if not osp.isfile(config):
        raise FileNotFoundError(f'config file {config!r} does not exist')
    cfg = Config.fromfile(config)
    cfg.launcher = launcher
    if data_root is not None:
        if set_data_root is None:
            raise ValueError('data_root needs the task\'s set_data_root')
        set_data_root(cfg, data_root)
    if cfg_options is not None:
        cfg.merge_from_dict(cfg_options)
    # work_dir: CLI > config > ./work_dirs/<config name>
    if work_dir is not None:
        cfg.work_dir = work_dir
    elif cfg.get('work_dir', None) is None:
        cfg.work_dir = osp.join('./work_dirs',
                                osp.splitext(osp.basename(config))[0])
    if cfg.get('trust_legacy_checkpoints', False):
        trust_legacy_checkpoints(True)
    return cfg
