"""Turn a config and the command-line flags into a ready MMEngine config.

``tools/train.py`` and ``tools/test.py`` stay thin: they parse arguments and
call :func:`prepare_train_config` / :func:`prepare_test_config`, which
compose the task-neutral steps of :mod:`landmark.core.runner` (``--work-dir``,
``--resume``, ``--amp``, ``--auto-scale-lr``, ``--cfg-options``,
``--launcher``...) with the detection ones (``--data-root``, the classes of
the data set, ``single_object_top1``, ``--tta``, ``--show``).
"""
import os.path as osp
from functools import partial
from typing import Optional

from mmengine.config import Config

from landmark.core import runner as core_runner
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


def _pixel_budget_step(max_pixels: Optional[int],
                       max_long_side: Optional[int]):
    """``--max-pixels`` / ``--max-long-side`` as a config step."""
    return partial(
        apply_pixel_budget,
        max_pixels=max_pixels,
        max_long_side=max_long_side)


def prepare_train_config(config: str,
                         max_pixels: Optional[int] = None,
                         max_long_side: Optional[int] = None,
                         **flags) -> Config:
    """The config of ``tools/train.py``: ``flags`` as
    :func:`landmark.core.runner.prepare_train_config` takes them
    (``work_dir``, ``resume='auto'`` or a path, ``amp``, ``data_root``...),
    ``max_pixels`` / ``max_long_side`` as :func:`load_config`.

    Raises:
        PretrainedWeightsError: A pretrained file is missing or unreachable
            (unless ``from_scratch``).
    """
    return core_runner.prepare_train_config(
        config,
        set_data_root=set_data_root,
        before_flags=(_pixel_budget_step(max_pixels, max_long_side), ),
        after_flags=(
            partial(sync_num_classes, split='train'),
            resolve_auto_pixel_budget,  # max_pixels='auto': probe, then set
            apply_single_object_top1),
        **flags)


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
                        show_dir: Optional[str] = None,
                        show: bool = False,
                        wait_time: float = 2,
                        max_pixels: Optional[int] = None,
                        max_long_side: Optional[int] = None,
                        **flags) -> Config:
    """The config of ``tools/test.py`` (the arguments mean its flags;
    ``flags`` as :func:`landmark.core.runner.prepare_test_config` takes
    them: ``work_dir``, ``data_root``, ``tta``...)."""
    steps = [
        _pixel_budget_step(max_pixels, max_long_side),
        partial(sync_num_classes, split='test'), apply_single_object_top1
    ]
    if show or show_dir:
        steps.append(
            partial(
                _show_predictions,
                config=config,
                show_dir=show_dir,
                show=show,
                wait_time=wait_time))
    return core_runner.prepare_test_config(
        config,
        checkpoint,
        set_data_root=set_data_root,
        steps=steps,
        apply_tta=apply_tta,
        **flags)
