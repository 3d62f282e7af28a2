"""Turn a classification config and the tools' flags into a ready MMEngine
config: the task-neutral steps of :mod:`landmark.core.runner` composed with
the classification ones (``--data-root`` of a folder tree, the FLOPs and
parameter budget, ``--tta``)."""
import copy
import os
import os.path as osp
from typing import Optional

from mmengine.config import Config, ConfigDict
from mmengine.logging import print_log
from mmengine.registry import DefaultScope

from landmark.classification.apis.model_budget import check_model_budget
from landmark.classification.datasets.transforms.image_size import \
    apply_image_size
from landmark.core import runner as core_runner
from landmark.core.config_paths import innermost_dataset
from landmark.core.pretrained_weights import drop_pretrained_weights

SCOPE = 'mmpretrain'


def is_classification_config(config: str) -> bool:
    """Whether ``config`` runs in mmpretrain's scope (``default_scope``)."""
    return osp.isfile(config) and Config.fromfile(
        config, import_custom_modules=False).get('default_scope') == SCOPE


def set_data_root(cfg: Config, data_root: str) -> None:
    """Point every loop's dataset (under wrappers) at ``data_root``."""
    for name in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        if cfg.get(name):
            innermost_dataset(cfg[name])['data_root'] = data_root


def check_config_budget(cfg: Config) -> None:
    """Refuse the config's model above its ``model_budget`` (if any)."""
    budget = cfg.get('model_budget')
    if not budget:
        return
    from mmpretrain.registry import MODELS

    import landmark.classification  # noqa: F401  (registers the modules)
    model_cfg = copy.deepcopy(cfg.model)
    with DefaultScope.overwrite_default_scope(SCOPE):
        model = MODELS.build(model_cfg)
    figures = check_model_budget(model, budget)
    print_log(
        f"model: {figures['gflops']:.3f} GFLOPs, {figures['params_m']:.2f} M "
        f'parameters (budget {dict(budget)})',
        logger='current')


def flip_tta_pipeline(test_pipeline: list) -> list:
    """The test pipeline with both views (original, horizontal flip) made
    before its last step (``PackInputs``)."""
    *load, pack = copy.deepcopy(list(test_pipeline))
    return load + [
        dict(
            type='TestTimeAug',
            transforms=[[
                dict(type='RandomFlip', prob=0.0),
                dict(type='RandomFlip', prob=1.0, direction='horizontal')
            ], [pack]])
    ]


def apply_tta(cfg: Config) -> None:
    """``--tta``: wrap the classifier in ``tta_model`` (default
    ``FlipClsTTAModel``, views weighted 2:1) and test on ``tta_pipeline``
    (default: the test pipeline plus a flipped view)."""
    if 'tta_model' not in cfg:
        cfg.tta_model = dict(type='FlipClsTTAModel')
    if 'tta_pipeline' not in cfg:
        cfg.tta_pipeline = flip_tta_pipeline(
            innermost_dataset(cfg.test_dataloader).pipeline)
    cfg.model = ConfigDict(**cfg.tta_model, module=cfg.model)
    innermost_dataset(cfg.test_dataloader)['pipeline'] = copy.deepcopy(
        cfg.tta_pipeline)


def prepare_train_config(config: str,
                         work_dir: Optional[str] = None,
                         resume: Optional[str] = None,
                         amp: bool = False,
                         auto_scale_lr: bool = False,
                         cfg_options: Optional[dict] = None,
                         launcher: str = 'none',
                         data_root: Optional[str] = None,
                         from_scratch: bool = False) -> Config:
    """The config of ``tools/train.py`` for a classification config (the
    arguments mean its flags).

    Raises:
        ModelBudgetError: The model is above the config's ``model_budget``.
        PretrainedWeightsError: A pretrained file is missing or unreachable
            (unless ``from_scratch``).
    """
    cfg = core_runner.load_config(config, cfg_options, launcher, work_dir,
                                  data_root, set_data_root)
    apply_image_size(cfg)
    core_runner.apply_train_flags(cfg, config, amp, auto_scale_lr, resume,
                                  from_scratch)
    check_config_budget(cfg)
    core_runner.add_tensorboard_if_installed(cfg)
    core_runner.prepare_cpu_distributed(cfg)
    return cfg


def prepare_test_config(config: str,
                        checkpoint: str,
                        work_dir: Optional[str] = None,
                        cfg_options: Optional[dict] = None,
                        launcher: str = 'none',
                        data_root: Optional[str] = None,
                        tta: bool = False) -> Config:
    """The config of ``tools/test.py`` for a classification config."""
    if not osp.isfile(checkpoint):
        raise FileNotFoundError(f'checkpoint {checkpoint!r} does not exist')
    cfg = core_runner.load_config(config, cfg_options, launcher, work_dir,
                                  data_root, set_data_root)
    apply_image_size(cfg)
    cfg.load_from = checkpoint
    drop_pretrained_weights(cfg.model)  # the checkpoint holds the weights
    check_config_budget(cfg)
    if tta:
        apply_tta(cfg)
    core_runner.prepare_cpu_distributed(cfg)
    os.makedirs(cfg.work_dir, exist_ok=True)
    return cfg


def prediction_writer(out: str, top_k: int = 1):
    """The evaluator metric of ``tools/test.py --out``: ``.csv`` ->
    :class:`ClassCsvWriter`, ``.pkl`` -> MMEngine's ``DumpResults``."""
    if out.endswith('.csv'):
        from landmark.classification.evaluation import ClassCsvWriter
        return ClassCsvWriter(out_file=out, top_k=top_k)
    if out.endswith(('.pkl', '.pickle')):
        from mmengine.evaluator import DumpResults
        return DumpResults(out_file_path=out)
    raise ValueError(f'--out {out!r}; expected a .csv or .pkl file')
