"""The configs of ``tools/train.py`` and ``tools/test.py``, the same steps
for every task, with the task's own steps put in where they belong.

A task specialises :func:`prepare_train_config` / :func:`prepare_test_config`
by naming how it points a config at ``--data-root`` and the steps it adds
(its classes, image size, TTA...); the flags, their order, TensorBoard, the
CPU's distributed backend and the work dir are handled here once."""
import os
import os.path as osp
from typing import Callable, Optional, Sequence

from mmengine.config import Config

from landmark.core.pretrained_weights import drop_pretrained_weights
from landmark.core.runner.config_loading import load_config
from landmark.core.runner.distributed import prepare_cpu_distributed
from landmark.core.runner.tensorboard_logging import \
    add_tensorboard_if_installed
from landmark.core.runner.train_flags import apply_train_flags

ConfigStep = Callable[[Config], None]
DataRootSetter = Callable[[Config, str], None]  # set_data_root(cfg, root)


def _run_steps(cfg: Config, steps: Sequence[ConfigStep]) -> None:
    for step in steps:
        step(cfg)


def prepare_train_config(config: str,
                         work_dir: Optional[str] = None,
                         resume: Optional[str] = None,
                         amp: bool = False,
                         auto_scale_lr: bool = False,
                         cfg_options: Optional[dict] = None,
                         launcher: str = 'none',
                         data_root: Optional[str] = None,
                         from_scratch: bool = False,
                         *,
                         set_data_root: Optional[DataRootSetter] = None,
                         before_flags: Sequence[ConfigStep] = (),
                         after_flags: Sequence[ConfigStep] = ()) -> Config:
    """The config of ``tools/train.py`` (the arguments before ``*`` mean its
    flags): :func:`load_config`, the task's ``before_flags`` steps, the
    training flags (:func:`apply_train_flags`), the task's ``after_flags``
    steps, then TensorBoard (when installed) and the CPU's distributed
    backend.

    Args:
        config (str): The config file.
        work_dir (str, optional): ``--work-dir``.
        resume (str, optional): ``--resume``: ``'auto'`` resumes from the
            latest checkpoint in the work dir, a path from that file.
        amp (bool): ``--amp``. Defaults to False.
        auto_scale_lr (bool): ``--auto-scale-lr``. Defaults to False.
        cfg_options (dict, optional): ``--cfg-options``.
        launcher (str): ``--launcher``. Defaults to ``'none'``.
        data_root (str, optional): ``--data-root``.
        from_scratch (bool): ``--from-scratch``. Defaults to False.
        set_data_root (callable, optional): The task's way of pointing a
            config at ``data_root``.
        before_flags (Sequence[callable]): Steps ``step(cfg)`` on the
            loaded config (the data's classes, image size...).
        after_flags (Sequence[callable]): Steps that need the flags applied
            (the checkpoint resumed from, mixed precision, the model as it
            will train).

    Returns:
        Config: The config a ``Runner`` is built from.

    Examples:
        >>> def prepare_train_config(config, **flags):
        ...     return core_runner.prepare_train_config(
        ...         config, set_data_root=set_data_root,
        ...         before_flags=(apply_image_size, ),
        ...         after_flags=(check_config_budget, ), **flags)
    """
    cfg = load_config(config, cfg_options, launcher, work_dir, data_root,
                      set_data_root)
    _run_steps(cfg, before_flags)
    apply_train_flags(cfg, config, amp, auto_scale_lr, resume, from_scratch)
    _run_steps(cfg, after_flags)
    add_tensorboard_if_installed(cfg)
    prepare_cpu_distributed(cfg)
    return cfg


def prepare_test_config(config: str,
                        checkpoint: str,
                        work_dir: Optional[str] = None,
                        cfg_options: Optional[dict] = None,
                        launcher: str = 'none',
                        data_root: Optional[str] = None,
                        tta: bool = False,
                        *,
                        set_data_root: Optional[DataRootSetter] = None,
                        steps: Sequence[ConfigStep] = (),
                        apply_tta: Optional[ConfigStep] = None) -> Config:
    """The config of ``tools/test.py`` (the arguments before ``*`` mean its
    flags): :func:`load_config`, the model's weights from ``checkpoint``
    alone (``load_from``, no pretrained file fetched), the task's
    ``steps``, ``apply_tta`` when ``tta``, the CPU's distributed backend,
    and the work dir made.

    Args:
        config (str): The config file.
        checkpoint (str): The checkpoint tested.
        work_dir (str, optional): ``--work-dir``.
        cfg_options (dict, optional): ``--cfg-options``.
        launcher (str): ``--launcher``. Defaults to ``'none'``.
        data_root (str, optional): ``--data-root``.
        tta (bool): ``--tta``. Defaults to False.
        set_data_root (callable, optional): The task's way of pointing a
            config at ``data_root``.
        steps (Sequence[callable]): Steps ``step(cfg)`` after ``load_from``
            is set (a step that compares the model with the checkpoint
            reads ``cfg.load_from``).
        apply_tta (callable, optional): The task's ``--tta``; needed when
            ``tta``.

    Returns:
        Config: The config a ``Runner`` is built from.

    Raises:
        FileNotFoundError: The checkpoint or the config does not exist.
        ValueError: ``tta`` for a task without TTA.
    """
    if not osp.isfile(checkpoint):
        raise FileNotFoundError(f'checkpoint {checkpoint!r} does not exist')
    if tta and apply_tta is None:
        raise ValueError(f'{config}: --tta is not available for this task')
    cfg = load_config(config, cfg_options, launcher, work_dir, data_root,
                      set_data_root)
    cfg.load_from = checkpoint
    drop_pretrained_weights(cfg.model)  # the checkpoint holds the weights
    _run_steps(cfg, steps)
    if tta:
        apply_tta(cfg)
    prepare_cpu_distributed(cfg)
    os.makedirs(cfg.work_dir, exist_ok=True)
    return cfg
