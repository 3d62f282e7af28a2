"""Turn a config and the command-line flags into a ready MMEngine config.

``tools/train.py`` and ``tools/test.py`` stay thin: they parse arguments and
call :func:`prepare_train_config` / :func:`prepare_test_config`, which
compose the task-neutral steps of :mod:`landmark.core.runner` (``--work-dir``,
``--resume``, ``--amp``, ``--auto-scale-lr``, ``--cfg-options``,
``--launcher``...) with the detection ones (``--data-root``, the classes of
the data set, ``single_object_top1``, ``--tta``, ``--show``).
"""
import os
import os.path as osp
from typing import Optional

from mmengine.config import Config

from landmark.core import runner as core_runner
from landmark.core.pretrained_weights import drop_pretrained_weights
from landmark.detection.apis.auto_pixel_budget import resolve_auto_pixel_budget
from landmark.detection.apis.data_root import set_data_root
from landmark.detection.apis.num_classes_sync import sync_num_classes
from landmark.detection.apis.single_object_top1 import apply_single_object_top1
from landmark.detection.apis.tta_wrapping import apply_tta
from landmark.detection.datasets.transforms import apply_pixel_budget


def load_config(config: str,
                cfg_options: Optional[dict] = None,
                launcher: str = 'none',
                work_dir: Optional[str] = None,
                data_root: Optional[str] = None,
                max_pixels: Optional[int] = None,
                max_long_side: Optional[int] = None) -> Config:
    """Read a detection config and apply the flags shared by train and
    test (:func:`landmark.core.runner.load_config` with the detection
    :func:`set_data_root`), then the pixel budget: ``max_pixels`` /
    ``max_long_side`` given here (``--max-pixels``), else the config's own
    top-level keys, reach every ``NativeResolution``
    (:func:`apply_pixel_budget`)."""
    cfg = core_runner.load_config(
        config,
        cfg_options,
        launcher,
        work_dir,
        data_root=data_root,
        set_data_root=set_data_root)
    apply_pixel_budget(cfg, max_pixels, max_long_side)
    return cfg


def prepare_train_config(config: str,
                         work_dir: Optional[str] = None,
                         resume: Optional[str] = None,
                         amp: bool = False,
                         auto_scale_lr: bool = False,
                         cfg_options: Optional[dict] = None,
                         launcher: str = 'none',
                         data_root: Optional[str] = None,
                         from_scratch: bool = False,
                         max_pixels: Optional[int] = None,
                         max_long_side: Optional[int] = None) -> Config:
    """The config of ``tools/train.py``: the arguments have its flags'
    meanings (``resume='auto'`` resumes from the latest checkpoint in the
    work dir, a path resumes from that file).

    Raises:
        PretrainedWeightsError: A pretrained file is missing or unreachable
            (unless ``from_scratch``).
    """
    cfg = load_config(config, cfg_options, launcher, work_dir, data_root,
                      max_pixels, max_long_side)
    core_runner.apply_train_flags(cfg, config, amp, auto_scale_lr, resume,
                                  from_scratch)
    sync_num_classes(cfg, 'train')
    resolve_auto_pixel_budget(cfg)  # max_pixels='auto': probe, then set
    apply_single_object_top1(cfg)
    core_runner.add_tensorboard_if_installed(cfg)
    core_runner.prepare_cpu_distributed(cfg)
    return cfg


def _show_predictions(cfg: Config, config: str, show_dir: Optional[str],
                      show: bool, wait_time: float) -> None:
    """``--show`` / ``--show-dir``: let ``DetVisualizationHook`` draw."""
    hook = cfg.default_hooks.get('visualization')
    if hook is None:
        raise KeyError(f'{config}: --show/--show-dir need '
                       'default_hooks.visualization '
                       '(DetVisualizationHook)')
    hook['draw'] = True
    if show:
        hook['show'] = True
        hook['wait_time'] = wait_time
    if show_dir:
        hook['test_out_dir'] = osp.abspath(show_dir)


def prepare_test_config(config: str,
                        checkpoint: str,
                        work_dir: Optional[str] = None,
                        cfg_options: Optional[dict] = None,
                        launcher: str = 'none',
                        data_root: Optional[str] = None,
                        tta: bool = False,
                        show_dir: Optional[str] = None,
                        show: bool = False,
                        wait_time: float = 2,
                        max_pixels: Optional[int] = None,
                        max_long_side: Optional[int] = None) -> Config:
    """The config of ``tools/test.py`` (the arguments mean its flags)."""
    if not osp.isfile(checkpoint):
        raise FileNotFoundError(f'checkpoint {checkpoint!r} does not exist')
    cfg = load_config(config, cfg_options, launcher, work_dir, data_root,
                      max_pixels, max_long_side)
    cfg.load_from = checkpoint
    # the checkpoint holds the weights: nothing pretrained is fetched
    drop_pretrained_weights(cfg.model)
    sync_num_classes(cfg, 'test')
    apply_single_object_top1(cfg)
    if show or show_dir:
        _show_predictions(cfg, config, show_dir, show, wait_time)
    if tta:
        apply_tta(cfg)
    core_runner.prepare_cpu_distributed(cfg)
    os.makedirs(cfg.work_dir, exist_ok=True)
    return cfg
