"""Build a trained detector (optionally wrapped for test-time augmentation)
from a config and a checkpoint, ready for :func:`predict_images`."""
import copy
from typing import Optional

import torch
from mmdet.registry import MODELS
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmengine.runner import load_checkpoint

from landmark.engine import trust_legacy_checkpoints


def _test_dataset_cfg(cfg: Config):
    dataset = cfg.test_dataloader.dataset
    while 'dataset' in dataset:
        dataset = dataset.dataset
    return dataset


def _config_class_names(cfg: Config) -> Optional[tuple]:
    """Class names from the test data set config, when it can give them."""
    dataset = _test_dataset_cfg(cfg)
    classes = (dataset.get('metainfo') or {}).get('classes')
    if classes:
        return tuple(classes)
    if dataset.get('type') in ('LandmarkDataset', 'mmdet.LandmarkDataset'):
        from landmark.datasets import read_coco_class_names
        import os.path as osp
        ann_file = dataset.get('ann_file', '')
        root = dataset.get('data_root') or ''
        path = ann_file if osp.isabs(ann_file) else osp.join(root, ann_file)
        if osp.isfile(path):
            return tuple(read_coco_class_names(path))
    return None


def inference_pipeline_cfg(cfg: Config, tta: bool = False) -> list:
    """The test (or TTA) pipeline of ``cfg``, fed with decoded images.

    The first transform (``LoadImageFromFile``) is replaced by
    ``mmdet.LoadImageFromNDArray``: images are decoded beforehand, so an
    unreadable file is reported by name instead of failing in the pipeline.
    """
    if tta:
        if 'tta_pipeline' not in cfg or 'tta_model' not in cfg:
            raise KeyError(
                '--tta needs tta_model and tta_pipeline in the config; '
                "inherit one, e.g. _base_ = [..., '../_base_/tta/"
                "flip-wbf.py']")
        pipeline = copy.deepcopy(cfg.tta_pipeline)
    else:
        pipeline = copy.deepcopy(_test_dataset_cfg(cfg).pipeline)
    if not pipeline or 'LoadImage' not in pipeline[0]['type']:
        raise ValueError('the test pipeline should start with an image '
                         f'loader, got {pipeline[:1]}')
    pipeline[0] = dict(type='mmdet.LoadImageFromNDArray')
    return pipeline


def load_detector(config: str,
                  checkpoint: Optional[str],
                  device: str = 'cpu',
                  tta: bool = False,
                  cfg_options: Optional[dict] = None) -> torch.nn.Module:
    """A detector in eval mode with ``cfg``, ``dataset_meta`` and
    ``inference_pipeline`` attributes.

    Class names come from the checkpoint's ``meta.dataset_meta`` (saved by
    training), else from the config's test data set.

    Args:
        config (str): Config file.
        checkpoint (str, optional): Weights; None keeps the random ones.
        device (str): ``'cpu'``, ``'cuda'``, ``'cuda:1'``... Defaults to
            ``'cpu'``.
        tta (bool): Wrap the detector in ``cfg.tta_model`` and use
            ``cfg.tta_pipeline``, as ``tools/test.py --tta`` does.
        cfg_options (dict, optional): Overrides merged into the config.

    Raises:
        ValueError: The device is not available, or no class names exist.
    """
    if device.startswith('cuda') and not torch.cuda.is_available():
        raise ValueError(f'device {device!r} asked for but CUDA is not '
                         'available here; use --device cpu')
    cfg = Config.fromfile(config)
    if cfg_options:
        cfg.merge_from_dict(cfg_options)
    if cfg.get('trust_legacy_checkpoints'):
        trust_legacy_checkpoints(True)
    init_default_scope(cfg.get('default_scope', 'mmdet'))
    model_cfg = copy.deepcopy(cfg.model)
    # the checkpoint has every weight: no pretrained backbone download
    if 'init_cfg' in model_cfg.get('backbone', {}):
        model_cfg.backbone.init_cfg = None
    model = MODELS.build(model_cfg)
    meta = {}
    if checkpoint is not None:
        ckpt = load_checkpoint(model, checkpoint, map_location='cpu')
        meta = ckpt.get('meta', {}).get('dataset_meta') or {}
    classes = meta.get('classes') or _config_class_names(cfg)
    if not classes:
        raise ValueError(
            f'no class names: {checkpoint!r} has no meta.dataset_meta and '
            f'the test data set of {config!r} names none')
    model.dataset_meta = dict(meta, classes=tuple(classes))
    pipeline = inference_pipeline_cfg(cfg, tta)
    if tta:
        wrapped = MODELS.build(dict(**cfg.tta_model, module=model))
        wrapped.dataset_meta = model.dataset_meta
        model = wrapped
    model.cfg = cfg
    model.inference_pipeline = pipeline
    return model.to(device).eval()
