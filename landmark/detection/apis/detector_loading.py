"""Build a trained detector (optionally wrapped for test-time augmentation)
from a config and a checkpoint, ready for :func:`predict_images`.

The config is prepared as ``tools/test.py`` prepares it (same
``trust_legacy_checkpoints``, ``single_object_top1``, no pretrained
downloads, ``num_classes`` matching the classes), so ``tools/infer.py``
predicts what ``tools/test.py`` measures.
"""
import copy
import re
from typing import Optional

import torch
from mmdet.registry import MODELS
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmengine.runner.checkpoint import CheckpointLoader, load_state_dict

from landmark.core.config_paths import innermost_dataset
from landmark.core.pretrained_weights import drop_pretrained_weights
from landmark.detection.apis.data_root import annotation_file
from landmark.detection.apis.num_classes_sync import sync_num_classes
from landmark.detection.apis.runner_setup import load_config
from landmark.detection.apis.single_object_top1 import apply_single_object_top1
from landmark.detection.apis.tta_wrapping import ensure_tta_settings
from landmark.detection.datasets import read_coco_class_names


def inference_pipeline_cfg(cfg: Config, tta: bool = False) -> list:
    """The test (or TTA) pipeline of ``cfg``, fed with decoded images.

    The first transform (``LoadImageFromFile``) becomes
    ``mmdet.LoadImageFromNDArray``: images are decoded beforehand, so an
    unreadable file is reported by name instead of failing in the pipeline.
    ``LoadAnnotations`` is dropped: photos to predict on have none.
    """
    if tta:
        ensure_tta_settings(cfg)
        pipeline = copy.deepcopy(cfg.tta_pipeline)
    else:
        pipeline = copy.deepcopy(
            innermost_dataset(cfg.test_dataloader).pipeline)
    if not pipeline or 'LoadImage' not in pipeline[0]['type']:
        raise ValueError('the test pipeline should start with an image '
                         f'loader, got {pipeline[:1]}')
    pipeline[0] = dict(type='mmdet.LoadImageFromNDArray')
    return [t for t in pipeline if 'LoadAnnotations' not in t['type']]


def load_detector(config: str,
                  checkpoint: Optional[str],
                  device: str = 'cpu',
                  tta: bool = False,
                  cfg_options: Optional[dict] = None,
                  max_pixels: Optional[int] = None,
                  max_long_side: Optional[int] = None) -> torch.nn.Module:
    """A detector in eval mode with ``cfg``, ``dataset_meta`` and
    ``inference_pipeline`` attributes.

    Class names come from the checkpoint's ``meta.dataset_meta`` (saved by
    training), else from the config's test data set (``metainfo`` or the
    annotation file of a ``LandmarkDataset``).

    Args:
        config (str): Config file.
        checkpoint (str, optional): Weights; None keeps the random ones.
        device (str): ``'cpu'``, ``'cuda'``, ``'cuda:1'``... Defaults to
            ``'cpu'``.
        tta (bool): Wrap the detector in ``cfg.tta_model`` and use
            ``cfg.tta_pipeline``, as ``tools/test.py --tta`` does.
        cfg_options (dict, optional): Overrides merged into the config.
        max_pixels (int, optional): Pixel budget that wins over the
            config's ``max_pixels`` (:func:`apply_pixel_budget`).
        max_long_side (int, optional): Longest side that wins over the
            config's ``max_long_side``.

    Raises:
        FileNotFoundError: The config or checkpoint does not exist.
        KeyError: ``tta`` without a TTA config.
        ValueError: The device is not available, or no class names exist.
    """
    if device.startswith('cuda') and not torch.cuda.is_available():
        raise ValueError(f'device {device!r} asked for but CUDA is not '
                         'available here; use --device cpu')
    cfg = load_config(
        config,
        cfg_options,
        max_pixels=max_pixels,
        max_long_side=max_long_side)
    init_default_scope(cfg.get('default_scope', 'mmdet'))
    state_dict, meta = {}, {}
    if checkpoint is not None:
        ckpt = CheckpointLoader.load_checkpoint(checkpoint, map_location='cpu')
        state_dict = ckpt.get('state_dict', ckpt)
        meta = (ckpt.get('meta') or {}).get('dataset_meta') or {}
    dataset = innermost_dataset(cfg.test_dataloader)
    if meta.get('classes'):
        # ConfigDict.setdefault returns a copy: assign the whole dict
        dataset['metainfo'] = dict(
            dataset.get('metainfo') or {}, classes=tuple(meta['classes']))
    if not sync_num_classes(cfg, 'test'):
        raise ValueError(
            f'no class names: {checkpoint!r} has no meta.dataset_meta and '
            f'the test data set of {config!r} names none (give '
            'test_dataloader.dataset.metainfo.classes)')
    classes = dataset.get('metainfo', {}).get('classes')
    if not classes:
        classes = read_coco_class_names(annotation_file(dataset))
    drop_pretrained_weights(cfg.model)
    apply_single_object_top1(cfg)
    model = MODELS.build(cfg.model)
    if state_dict:
        state_dict = {
            re.sub(r'^module\.', '', k): v
            for k, v in state_dict.items()
        }
        load_state_dict(model, state_dict, strict=True)
    model.dataset_meta = dict(meta, classes=tuple(classes))
    pipeline = inference_pipeline_cfg(cfg, tta)
    if tta:
        wrapped = MODELS.build(dict(**cfg.tta_model, module=model))
        wrapped.dataset_meta = model.dataset_meta
        model = wrapped
    model.cfg = cfg
    model.inference_pipeline = pipeline
    return model.to(device).eval()
