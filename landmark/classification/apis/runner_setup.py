"""Turn a classification config and the tools' flags into a ready MMEngine
config: the task-neutral steps of :mod:`landmark.core.runner` composed with
the classification ones (``--data-root`` of a folder tree, the classes of
the data, the FLOPs and parameter budget, ``--tta``, the config keys the
tools apply: ``image_size``, ``drw_start_epoch``, ``rank_decoding``)."""
import copy
import os.path as osp
from typing import Dict, Optional, Sequence

from mmengine.config import Config, ConfigDict
from mmengine.logging import print_log
from mmengine.registry import DefaultScope

from landmark.classification.apis.model_budget import (DEFAULT_INPUT_SHAPE,
                                                       check_ensemble_budget,
                                                       check_model_budget,
                                                       tightest_caps)
from landmark.classification.apis.num_classes_sync import (
    checkpoint_classes, dataset_level_classes, sync_num_classes,
    sync_num_classes_to_checkpoint)
from landmark.classification.apis.tuning_keys import apply_hook_keys
from landmark.classification.datasets.transforms.image_size import \
    apply_image_size
from landmark.core import runner as core_runner
from landmark.core.checkpoint_loader import load_checkpoint_safely
from landmark.core.config_paths import innermost_dataset
from landmark.core.model_config import model_config_as_runner_builds

SCOPE = 'mmpretrain'


def set_data_root(cfg: Config, data_root: str) -> None:
    """Point every loop's dataset (under wrappers) at ``data_root``."""
    for name in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        if cfg.get(name):
            innermost_dataset(cfg[name])['data_root'] = data_root


def build_config_model(cfg: Config):
    """The classifier of ``cfg.model`` with the top-level
    ``data_preprocessor`` merged in as the runner merges it, built in
    mmpretrain's scope (no weights are loaded: ``init_weights`` is not
    called)."""
    from mmpretrain.registry import MODELS

    import landmark.classification  # noqa: F401  (registers the modules)
    with DefaultScope.overwrite_default_scope(SCOPE):
        return MODELS.build(model_config_as_runner_builds(cfg))


def share_train_classes(cfg: Config, classes: Sequence[str]) -> None:
    """Give the val and test data sets the training classes, in the
    training order, so that class ``i`` means the same in every loop even
    when a split lacks a class; refuse a class the training data lacks."""
    for split in ('val', 'test'):
        loader = cfg.get(f'{split}_dataloader')
        if not loader:
            continue
        dataset = innermost_dataset(loader)
        if (dataset.get('metainfo') or {}).get('classes'):
            continue
        try:
            levels = dataset_level_classes(dataset)
        except FileNotFoundError:
            continue  # the run says so when it reaches that loop
        if levels is None or len(levels) > 1:
            continue
        unknown = sorted(set(levels[0]) - set(classes))
        if unknown:
            source = osp.join(dataset.get('data_root') or '',
                              dataset.get('ann_file') or '')
            raise ValueError(
                f'{source}: the {split} data has class(es) {unknown} that '
                f'the training data lacks; expected a subset of '
                f'{list(classes)}')
        dataset['metainfo'] = dict(classes=list(classes))


def check_config_budget(cfg: Config) -> None:
    """Refuse the config's model above its ``model_budget`` (if any)."""
    budget = cfg.get('model_budget')
    if not budget:
        return
    figures = check_model_budget(build_config_model(cfg), budget)
    print_log(
        f"model: {figures['gflops']:.3f} GFLOPs, {figures['params_m']:.2f} M "
        f'parameters (budget {dict(budget)})',
        logger='current')


def check_ensemble_config_budget(
        configs: Sequence[str],
        max_gflops: Optional[float] = None,
        max_params_m: Optional[float] = None) -> Dict[str, float]:
    """Refuse an ensemble of the models of ``configs`` whose summed FLOPs
    or parameters are above the cap.

    Each member is measured at its own ``model_budget.input_shape``
    (default 3x224x224). The cap is ``max_gflops``/``max_params_m`` where
    given, else the tightest of the members' ``model_budget`` caps: an
    ensemble must fit where each of its members had to.

    Args:
        configs (Sequence[str]): One classification config per member.
        max_gflops (float, optional): Cap on the summed GFLOPs.
        max_params_m (float, optional): Cap on the summed millions of
            parameters.

    Returns:
        dict: The summed ``gflops`` and ``params_m``.

    Raises:
        ModelBudgetError: The ensemble is above a cap.
        FileNotFoundError: A config does not exist.
        ValueError: A config is not a classification config.
    """
    cfgs = []
    for config in configs:
        if not osp.isfile(config):
            raise FileNotFoundError(f'member config {config!r} does not '
                                    'exist')
        cfg = Config.fromfile(config)
        if cfg.get('default_scope') != SCOPE:
            raise ValueError(f'{config}: default_scope is '
                             f"{cfg.get('default_scope')!r}; expected a "
                             f'classification config ({SCOPE!r})')
        cfgs.append(cfg)
    budgets = [cfg.get('model_budget') or {} for cfg in cfgs]
    caps, cap_names = tightest_caps(budgets), {}
    for key, cap in (('max_gflops', max_gflops), ('max_params_m',
                                                  max_params_m)):
        if cap is not None:
            caps[key] = cap
            cap_names[key] = '--' + key.replace('_', '-')
    return check_ensemble_budget(
        [build_config_model(cfg) for cfg in cfgs], caps,
        [b.get('input_shape', DEFAULT_INPUT_SHAPE)
         for b in budgets], cap_names)


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


def list_split_photos(cfg: Config) -> None:
    """A folder tree split in the config (``ClassFolderDataset(split=...)``)
    lists each part's photos in ``{work_dir}/{split}_split.csv``, so users
    know which photos were held out and can reuse them."""
    for loader in ('train_dataloader', 'val_dataloader'):
        if not cfg.get(loader):
            continue
        dataset = innermost_dataset(cfg[loader])
        if dataset.get('type') == 'ClassFolderDataset' and \
                dataset.get('split') and not dataset.get('split_file'):
            dataset['split_file'] = osp.join(cfg.work_dir,
                                             f"{dataset['split']}_split.csv")


def sync_train_classes(cfg: Config) -> None:
    """The model gets the classes of the training data, and the val and
    test data the same classes in the same order
    (:func:`share_train_classes`)."""
    classes = sync_num_classes(cfg, 'train')
    if classes:
        share_train_classes(cfg, classes)


def sync_checkpoint_classes(cfg: Config) -> None:
    """The model gets the classes of its checkpoint (``cfg.load_from``),
    checked against the test data: another number of classes is refused
    (:class:`ClassCountError`)."""
    sync_num_classes_to_checkpoint(
        cfg, cfg.load_from,
        checkpoint_classes(load_checkpoint_safely(cfg.load_from, 'cpu')),
        'test')


def prepare_train_config(config: str, **flags) -> Config:
    """The config of ``tools/train.py`` for a classification config;
    ``flags`` as :func:`landmark.core.runner.prepare_train_config` takes
    them (``work_dir``, ``resume``, ``amp``, ``data_root``...).

    Raises:
        ModelBudgetError: The model is above the config's ``model_budget``.
        PretrainedWeightsError: A pretrained file is missing or unreachable
            (unless ``from_scratch``).
        ValueError: The data is wrong (an empty class folder, a class of
            one photo to split, a CSV without its columns...).
    """
    return core_runner.prepare_train_config(
        config,
        set_data_root=set_data_root,
        before_flags=(apply_image_size, apply_hook_keys, sync_train_classes,
                      list_split_photos),
        after_flags=(check_config_budget, ),
        **flags)


def prepare_test_config(config: str, checkpoint: str, **flags) -> Config:
    """The config of ``tools/test.py`` for a classification config
    (``flags`` as :func:`landmark.core.runner.prepare_test_config` takes
    them): the model gets the classes of the test data, and a checkpoint
    trained for another number of classes is refused
    (:class:`ClassCountError`)."""
    return core_runner.prepare_test_config(
        config,
        checkpoint,
        set_data_root=set_data_root,
        steps=(apply_image_size, sync_checkpoint_classes,
               check_config_budget),
        apply_tta=apply_tta,
        **flags)


def prediction_writer(out: str,
                      top_k: int = 1,
                      rank_decoding: Optional[dict] = None):
    """The evaluator metric of ``tools/test.py --out``: ``.csv`` ->
    :class:`ClassCsvWriter` (labels by ``rank_decoding`` when given),
    ``.pkl`` -> MMEngine's ``DumpResults`` (the scores)."""
    if out.endswith('.csv'):
        from landmark.classification.evaluation import ClassCsvWriter
        return ClassCsvWriter(out_file=out, top_k=top_k,
                              **dict(rank_decoding or {}))
    if out.endswith(('.pkl', '.pickle')):
        from mmengine.evaluator import DumpResults
        return DumpResults(out_file_path=out)
    raise ValueError(f'--out {out!r}; expected a .csv or .pkl file')
