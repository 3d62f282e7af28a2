"""Turn a retrieval config and the tools' flags into a ready MMEngine config:
the task-neutral steps of :mod:`landmark.core.runner` and the
classification ones (``image_size``, ``--tta``) composed with the retrieval
ones: the gallery (the model's ``prototype``) read from the query set's
``gallery_ann_file`` with the query pipeline, and the training head's class
count taken from the training data and matched against any checkpoint."""
import copy
import os.path as osp
import statistics
from functools import partial
from typing import Optional, Tuple

from mmengine.config import Config
from mmengine.logging import print_log
from mmengine.registry import DefaultScope

from landmark.classification.apis.runner_setup import apply_tta, set_data_root
from landmark.classification.datasets.transforms.image_size import \
    apply_image_size
from landmark.core import runner as core_runner
from landmark.core.config_paths import innermost_dataset

SCOPE = 'mmpretrain'


def set_gallery(cfg: Config, loader: str) -> None:
    """Point the model's gallery (``model.prototype``, a dataloader) at the
    gallery of ``loader``'s query set (``QueryCsvDataset``:
    ``gallery_ann_file`` under its ``data_root``), read with the query
    set's pipeline, so that ``--data-root``, ``--cfg-options
    test_dataloader.dataset...`` and ``image_size`` reach the gallery too.
    Nothing changes for other datasets or a model without a prototype.

    Examples:
        >>> # test_dataloader: query.csv against gallery.csv, val_dataloader:
        >>> # val.csv against train.csv; the tools set model.prototype
        >>> set_gallery(cfg, 'test_dataloader')
    """
    queries = innermost_dataset(cfg[loader]) if cfg.get(loader) else None
    prototype = cfg.model.get('prototype')
    if (queries is None or queries.get('type') != 'QueryCsvDataset'
            or not isinstance(prototype, dict)):
        return
    gallery = prototype.setdefault('dataset', {})
    gallery.clear()
    gallery.update(
        type='ClassCsvDataset',
        data_root=queries.get('data_root', ''),
        ann_file=queries['gallery_ann_file'],
        data_prefix=queries.get('data_prefix', ''),
        pipeline=copy.deepcopy(queries['pipeline']))


def _build_training_set(cfg: Config):
    from mmpretrain.registry import DATASETS

    import landmark.retrieval  # noqa: F401  (registers the modules)
    dataset = dict(copy.deepcopy(innermost_dataset(cfg.train_dataloader)))
    dataset['pipeline'] = []
    with DefaultScope.overwrite_default_scope(SCOPE):
        return DATASETS.build(dataset)


def training_ids(cfg: Config) -> Tuple[int, str]:
    """The number of ids of the training set and one line describing it
    (ids, photos per id); the set is read, not its images decoded.

    Raises:
        FileNotFoundError: The training CSV or folder is missing.
    """
    dataset = _build_training_set(cfg)
    counts = [c for c in dataset.class_counts() if c]
    source = getattr(dataset, 'ann_file', '') or dataset.data_root
    line = f'{source}: {len(dataset.metainfo["classes"])} ids, '
    line += f'{len(dataset)} photos'
    if counts:
        line += (f'; photos per id: min {min(counts)}, median '
                 f'{statistics.median(counts):g}, max {max(counts)}')
    return len(dataset.metainfo['classes']), line


def set_head_classes(cfg: Config) -> Optional[int]:
    """Give the training head (ArcFace, or any head with ``num_classes``)
    and the ``data_preprocessor`` the number of ids of the training data,
    printing the ids and photos per id found; None (nothing changed) for a
    model whose head has no classes (the triplet head).
    """
    head = cfg.model.get('head')
    if not isinstance(head, dict) or 'num_classes' not in head:
        return None
    num_classes, line = training_ids(cfg)
    print_log(
        f'{line}; {head.get("type")} set to {num_classes} classes',
        logger='current')
    head['num_classes'] = num_classes
    if cfg.get('data_preprocessor', {}).get('num_classes') is not None:
        cfg.data_preprocessor['num_classes'] = num_classes
    return num_classes


def checkpoint_head_classes(cfg: Config, checkpoint: str) -> Optional[int]:
    """The number of classes of the checkpoint's training head, read from
    the shape of its weights against a head built from the config (None
    when the checkpoint holds no head weights)."""
    from mmengine.runner.checkpoint import _load_checkpoint
    from mmpretrain.registry import MODELS

    import landmark.retrieval  # noqa: F401  (registers the modules)
    loaded = _load_checkpoint(checkpoint, map_location='cpu')
    state = loaded.get('state_dict', loaded)
    head_cfg = copy.deepcopy(cfg.model['head'])
    with DefaultScope.overwrite_default_scope(SCOPE):
        head = MODELS.build(head_cfg)
    built = head_cfg['num_classes']
    found = None
    for key, value in head.state_dict().items():
        saved = state.get(f'head.{key}')
        if saved is None or value.dim() == 0:
            continue
        found = built
        if saved.shape != value.shape:
            # the rows of a class-sized weight scale with the classes
            return saved.shape[0] * built // value.shape[0]
    return found


def check_checkpoint_classes(cfg: Config, checkpoint: str,
                             num_classes: int) -> None:
    """Refuse a checkpoint whose training head has another number of
    classes than the training data has ids.

    Raises:
        ValueError: One line naming the checkpoint and both counts.
    """
    saved = checkpoint_head_classes(cfg, checkpoint)
    if saved is not None and saved != num_classes:
        train = innermost_dataset(cfg.train_dataloader)
        source = osp.join(train.get('data_root', ''),
                          train.get('ann_file', ''))
        raise ValueError(
            f'checkpoint {checkpoint!r} has a {saved}-class '
            f'{cfg.model.head.get("type")}; the training data {source} has '
            f'{num_classes} ids; expected a checkpoint trained on these ids '
            '(tools/retrieve.py, which uses only the embedding, takes it)')


def _resumed_checkpoint(cfg: Config) -> Optional[str]:
    """The checkpoint a training run starts from: ``load_from``, or with
    ``--resume`` (no path) the latest one in the work dir."""
    if cfg.get('load_from'):
        return cfg.load_from
    if cfg.get('resume'):
        from mmengine.runner import find_latest_checkpoint
        return find_latest_checkpoint(cfg.work_dir)
    return None


def check_start_checkpoint_classes(cfg: Config) -> None:
    """Refuse the checkpoint the run starts from (``load_from``: the one
    tested or trained on, or ``--resume``'s) when its head has another
    number of classes than :func:`set_head_classes` gave the model (nothing
    to check for a head without classes).

    Raises:
        ValueError: One line naming the checkpoint and both counts.
    """
    num_classes = (cfg.model.get('head') or {}).get('num_classes')
    start = _resumed_checkpoint(cfg)
    if num_classes is not None and start:
        check_checkpoint_classes(cfg, start, num_classes)


def prepare_train_config(config: str, **flags) -> Config:
    """The config of ``tools/train.py`` for a retrieval config; ``flags``
    as :func:`landmark.core.runner.prepare_train_config` takes them
    (``work_dir``, ``resume``, ``amp``, ``data_root``...).

    Raises:
        ValueError: ``--resume`` or ``load_from`` names a checkpoint whose
            head has another number of classes than the training data.
        PretrainedWeightsError: A pretrained file is missing or unreachable
            (unless ``from_scratch``).
    """
    return core_runner.prepare_train_config(
        config,
        set_data_root=set_data_root,
        before_flags=(apply_image_size,
                      partial(set_gallery, loader='val_dataloader'),
                      set_head_classes),
        after_flags=(check_start_checkpoint_classes, ),
        **flags)


def prepare_test_config(config: str, checkpoint: str, **flags) -> Config:
    """The config of ``tools/test.py`` for a retrieval config: the test
    queries against their gallery (``flags`` as
    :func:`landmark.core.runner.prepare_test_config` takes them).

    Raises:
        FileNotFoundError: The checkpoint does not exist.
        ValueError: Its head has another number of classes than the
            training data has ids.
    """
    return core_runner.prepare_test_config(
        config,
        checkpoint,
        set_data_root=set_data_root,
        steps=(apply_image_size,
               partial(set_gallery, loader='test_dataloader'),
               set_head_classes, check_start_checkpoint_classes),
        apply_tta=apply_tta,
        **flags)
