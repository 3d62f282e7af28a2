"""Turn a config and the command-line flags into a ready MMEngine config.

``tools/train.py`` and ``tools/test.py`` stay thin: they parse arguments and
call :func:`prepare_train_config` / :func:`prepare_test_config`, which apply
MMDetection's flags (``--work-dir``, ``--resume``, ``--amp``,
``--auto-scale-lr``, ``--cfg-options``, ``--launcher``, ``--tta``...) and
landmark's config keys (``trust_legacy_checkpoints``,
``single_object_top1``), then build the ``Runner``.
"""
import copy
import importlib.util
import os
import os.path as osp
from typing import Any, List, Optional

import torch
from mmengine.config import Config, ConfigDict
from mmengine.logging import print_log

from landmark.core import trust_legacy_checkpoints
from landmark.core.config_paths import evaluator_metrics, innermost_dataset
from landmark.core.pretrained_weights import (check_pretrained_weights,
                                              drop_pretrained_weights)
from landmark.detection.datasets import read_coco_class_names

TTA_BASE_HINT = "'../_base_/tta/flip-wbf.py'"


def set_data_root(cfg: Config, data_root: str) -> None:
    """Point every data loader (and the COCO metric's ``ann_file``) at
    another data set with the same layout (``images/``,
    ``annotations/{train,val}.json``)."""
    data_root = osp.join(data_root, '')  # one trailing separator
    for split in ('train', 'val', 'test'):
        loader = cfg.get(f'{split}_dataloader')
        if not loader:
            continue
        dataset = innermost_dataset(loader)
        dataset['data_root'] = data_root
        for metric in evaluator_metrics(cfg.get(f'{split}_evaluator')):
            if 'ann_file' in metric:
                metric['ann_file'] = osp.join(data_root, dataset['ann_file'])
    cfg.data_root = data_root


def annotation_file(dataset_cfg: dict) -> str:
    """The annotation file of a dataset config, joined to its root."""
    ann_file = dataset_cfg.get('ann_file', '')
    data_root = dataset_cfg.get('data_root') or ''
    if data_root and not osp.isabs(ann_file):
        ann_file = osp.join(data_root, ann_file)
    return ann_file


def _set_num_classes(node: Any, num_classes: int) -> List[int]:
    """Set every ``num_classes`` in a model config; return the old ones."""
    old = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == 'num_classes' and isinstance(value, int):
                old.append(value)
                node[key] = num_classes
            else:
                old += _set_num_classes(value, num_classes)
    elif isinstance(node, (list, tuple)):
        for value in node:
            old += _set_num_classes(value, num_classes)
    return old


def sync_num_classes(cfg: Config, split: str = 'train') -> Optional[int]:
    """Make the model's ``num_classes`` match the data set's classes.

    ``LandmarkDataset`` reads its classes from the annotation file, so the
    same config trains on 5 synthetic landmarks or on 1-class raccoons; the
    heads must have as many outputs. Classes given in the dataset's
    ``metainfo`` win over the file. Nothing changes when the file is absent
    (building a model without data).

    Returns:
        int | None: The number of classes set, or None.
    """
    loader = cfg.get(f'{split}_dataloader')
    if not loader:
        return None
    dataset = innermost_dataset(loader)
    classes = (dataset.get('metainfo') or {}).get('classes')
    if not classes:
        ann_file = annotation_file(dataset)
        if dataset.get(
                'type') != 'LandmarkDataset' or not osp.isfile(ann_file):
            return None
        classes = read_coco_class_names(ann_file)
    old = set(_set_num_classes(cfg.model, len(classes)))
    if old and old != {len(classes)}:
        print_log(
            f'model num_classes {sorted(old)} -> {len(classes)} to match '
            f'the data set ({", ".join(classes)})',
            logger='current')
    return len(classes)


def apply_single_object_top1(cfg: Config) -> bool:
    """Keep only the top-1 box (with its class) per image if the config
    says ``single_object_top1 = True``.

    Sets ``max_per_img=1`` where the detector's test config has it
    (``model.test_cfg`` for DINO and RetinaNet, ``model.test_cfg.rcnn`` for
    the two-stage detectors).

    Returns:
        bool: Whether the switch was on.
    """
    if not cfg.get('single_object_top1', False):
        return False
    test_cfg = cfg.model.get('test_cfg')
    if test_cfg is None:
        raise KeyError('single_object_top1 = True needs model.test_cfg')
    target = test_cfg.get('rcnn', test_cfg)
    target['max_per_img'] = 1
    return True


def add_tensorboard_if_installed(cfg: Config) -> None:
    """Log to TensorBoard too when the ``tensorboard`` package exists."""
    if importlib.util.find_spec('tensorboard') is None:
        return
    backends = cfg.visualizer.setdefault('vis_backends', [])
    if not any(b.get('type') == 'TensorboardVisBackend' for b in backends):
        backends.append(dict(type='TensorboardVisBackend'))


def prepare_cpu_distributed(cfg: Config) -> None:
    """Make ``--launcher pytorch`` work without CUDA (gloo on the CPU).

    MMEngine assumes GPUs in distributed mode: NCCL, ``cuda.set_device``
    and ``device_ids=[LOCAL_RANK]`` for DDP. Without CUDA this starts the
    gloo process group itself (MMEngine then skips its own start) and wraps
    the model in DDP without device ids.
    """
    if cfg.launcher == 'none' or torch.cuda.is_available():
        return
    cfg.setdefault('env_cfg', ConfigDict())
    cfg.env_cfg.setdefault('dist_cfg', ConfigDict())
    cfg.env_cfg.dist_cfg['backend'] = 'gloo'
    cfg.model_wrapper_cfg = ConfigDict(
        type='MMDistributedDataParallel',
        device_ids=None,
        broadcast_buffers=False,
        find_unused_parameters=cfg.get('find_unused_parameters', False))
    if cfg.launcher == 'pytorch' and not torch.distributed.is_initialized():
        torch.distributed.init_process_group(backend='gloo')


def load_config(config: str,
                cfg_options: Optional[dict] = None,
                launcher: str = 'none',
                work_dir: Optional[str] = None,
                data_root: Optional[str] = None) -> Config:
    """Read a config and apply the flags shared by train and test."""
    if not osp.isfile(config):
        raise FileNotFoundError(f'config file {config!r} does not exist')
    cfg = Config.fromfile(config)
    cfg.launcher = launcher
    if data_root is not None:
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


def prepare_train_config(config: str,
                         work_dir: Optional[str] = None,
                         resume: Optional[str] = None,
                         amp: bool = False,
                         auto_scale_lr: bool = False,
                         cfg_options: Optional[dict] = None,
                         launcher: str = 'none',
                         data_root: Optional[str] = None,
                         from_scratch: bool = False) -> Config:
    """The config of ``tools/train.py``: the arguments have its flags'
    meanings (``resume='auto'`` resumes from the latest checkpoint in the
    work dir, a path resumes from that file).

    Raises:
        PretrainedWeightsError: A pretrained file is missing or unreachable
            (unless ``from_scratch``).
    """
    cfg = load_config(config, cfg_options, launcher, work_dir, data_root)
    if amp:
        cfg.optim_wrapper.type = 'AmpOptimWrapper'
        cfg.optim_wrapper.loss_scale = 'dynamic'
    if auto_scale_lr:
        if 'base_batch_size' not in cfg.get('auto_scale_lr', {}):
            raise KeyError(f'{config}: --auto-scale-lr needs '
                           'auto_scale_lr = dict(base_batch_size=...)')
        cfg.auto_scale_lr.enable = True
    if resume == 'auto':
        cfg.resume = True
        cfg.load_from = None
    elif resume is not None:
        if not osp.isfile(resume):
            raise FileNotFoundError(
                f'--resume: checkpoint {resume!r} does not exist')
        cfg.resume = True
        cfg.load_from = resume
    if from_scratch:
        dropped = drop_pretrained_weights(cfg.model)
        print_log(
            f'--from-scratch: {dropped} pretrained checkpoint(s) dropped',
            logger='current')
    elif not cfg.get('resume', False):
        check_pretrained_weights(cfg.model)
    sync_num_classes(cfg, 'train')
    apply_single_object_top1(cfg)
    add_tensorboard_if_installed(cfg)
    prepare_cpu_distributed(cfg)
    return cfg


def ensure_tta_settings(cfg: Config) -> None:
    """Give ``cfg`` flip-TTA settings where it has none (as MMDetection's
    ``tools/test.py`` does for ``--tta``).

    A missing ``tta_model`` becomes ``FusionTTAModel`` with its defaults:
    the original and the flipped view fused by Weighted Boxes Fusion, the
    original weighted 2 to 1, the top box kept (what
    ``configs/_base_/tta/flip-wbf.py`` sets). A missing ``tta_pipeline`` is
    derived from the config's own test pipeline (same loading and resizing,
    then both views), so a tiny 320-px config is tested at 320 px.
    """
    from landmark.detection.models.tta import flip_tta_pipeline
    defaults = []
    if 'tta_model' not in cfg:
        cfg.tta_model = dict(type='FusionTTAModel')
        defaults.append('tta_model (flip + WBF, views weighted 2:1, top-1)')
    if 'tta_pipeline' not in cfg:
        cfg.tta_pipeline = flip_tta_pipeline(
            innermost_dataset(cfg.test_dataloader).pipeline)
        defaults.append('tta_pipeline (the test pipeline + a flipped view)')
    if defaults:
        print_log(
            f'--tta: the config has no {" or ".join(defaults)}; using the '
            f'defaults. Add {TTA_BASE_HINT} (or another snippet of '
            'configs/_base_/tta/) to its `_base_` to choose them.',
            logger='current')


def apply_tta(cfg: Config) -> None:
    """Wrap the model in the config's TTA model, mmdet style.

    ``cfg.model`` becomes ``tta_model`` around the detector and the test
    data's innermost pipeline becomes ``tta_pipeline`` (both from
    :func:`ensure_tta_settings` where the config has none).
    """
    ensure_tta_settings(cfg)
    cfg.model = ConfigDict(**cfg.tta_model, module=cfg.model)
    innermost_dataset(cfg.test_dataloader)['pipeline'] = copy.deepcopy(
        cfg.tta_pipeline)


def prepare_test_config(config: str,
                        checkpoint: str,
                        work_dir: Optional[str] = None,
                        cfg_options: Optional[dict] = None,
                        launcher: str = 'none',
                        data_root: Optional[str] = None,
                        tta: bool = False,
                        show_dir: Optional[str] = None,
                        show: bool = False,
                        wait_time: float = 2) -> Config:
    """The config of ``tools/test.py`` (the arguments mean its flags)."""
    if not osp.isfile(checkpoint):
        raise FileNotFoundError(f'checkpoint {checkpoint!r} does not exist')
    cfg = load_config(config, cfg_options, launcher, work_dir, data_root)
    cfg.load_from = checkpoint
    # the checkpoint holds the weights: nothing pretrained is fetched
    drop_pretrained_weights(cfg.model)
    sync_num_classes(cfg, 'test')
    apply_single_object_top1(cfg)
    if show or show_dir:
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
    if tta:
        apply_tta(cfg)
    prepare_cpu_distributed(cfg)
    os.makedirs(cfg.work_dir, exist_ok=True)
    return cfg


def finish_distributed() -> None:
    """Tear the process group down before the interpreter exits.

    Left to interpreter shutdown, gloo's threads were destroyed while still
    joinable ('terminate called without an active exception', exit -6) in
    about one ``dist_test.sh`` run of three on the CPU.
    """
    if torch.distributed.is_available() and \
            torch.distributed.is_initialized():
        torch.distributed.barrier()
        torch.distributed.destroy_process_group()
