"""Classify image files with a config and a checkpoint (``tools/infer.py``
on a classification config)."""
import copy
from typing import Dict, Iterator, Optional, Sequence

from mmengine.config import Config
from mmengine.dataset import Compose
from mmengine.registry import DefaultScope
from mmengine.runner.checkpoint import _load_checkpoint_to_model

from landmark.classification.apis.num_classes_sync import (
    checkpoint_classes, sync_num_classes_to_checkpoint)
from landmark.classification.apis.runner_setup import SCOPE, apply_tta
from landmark.classification.datasets.transforms.image_size import \
    apply_image_size
from landmark.core.checkpoint_loader import load_checkpoint_safely
from landmark.core.config_paths import innermost_dataset
from landmark.core.data_problems import ProblemLog
from landmark.core.image_batches import predict_image_files
from landmark.core.model_config import model_config_as_runner_builds
from landmark.core.pretrained_weights import drop_pretrained_weights


def load_classifier(config: str,
                    checkpoint: str,
                    device: str = 'cpu',
                    tta: bool = False,
                    cfg_options: Optional[dict] = None):
    """The classifier (or its flip-TTA wrapper) in eval mode, built as
    ``tools/test.py``'s runner builds it (the top-level
    ``data_preprocessor`` merged in: mean/std and BGR->RGB), with
    ``dataset_meta`` (the classes), ``test_pipeline`` (a Compose) and
    ``rank_decoding`` (the config's, or ``{}``) set.

    The model gets the checkpoint's classes; when the config's test data
    is at hand, its classes must agree (see
    :func:`sync_num_classes_to_checkpoint`).

    Raises:
        ClassCountError: The checkpoint and the test data have different
            numbers of classes.
        KeyError: The checkpoint has no ``dataset_meta.classes``.
    """
    from mmpretrain.registry import MODELS

    import landmark.classification  # noqa: F401
    cfg = Config.fromfile(config)
    if cfg_options:
        cfg.merge_from_dict(cfg_options)
    apply_image_size(cfg)
    drop_pretrained_weights(cfg.model)
    state = load_checkpoint_safely(checkpoint, map_location='cpu')
    classes = checkpoint_classes(state)
    if classes is None:
        raise KeyError(f'{checkpoint}: no dataset_meta.classes in its meta; '
                       'expected a checkpoint saved by tools/train.py')
    sync_num_classes_to_checkpoint(
        cfg, checkpoint, classes, 'test', required=False)
    if tta:
        apply_tta(cfg)
    pipeline = copy.deepcopy(innermost_dataset(cfg.test_dataloader).pipeline)
    with DefaultScope.overwrite_default_scope(SCOPE):
        model = MODELS.build(model_config_as_runner_builds(cfg))
        model.test_pipeline = Compose(pipeline)
    target = model.module if tta else model
    _load_checkpoint_to_model(target, state, logger='current')
    model.dataset_meta = dict(classes=tuple(classes))
    # ``rank_decoding = dict(decoder='hungarian', proportions=[...])`` in the
    # config (or --cfg-options) assigns labels by the known class shares
    model.rank_decoding = dict(cfg.get('rank_decoding') or {})
    return model.to(device).eval()


def classify_images(model, paths: Sequence[str], batch_size: int,
                    problems: ProblemLog) -> Iterator[Dict]:
    """``dict(img_path, ori_shape, pred_score)`` per readable image
    (``ori_shape``: ``(h, w)`` as decoded, None where the pipeline does not
    pack it); the others are recorded in ``problems`` (file and reason) and
    skipped."""
    for path, sample in predict_image_files(model, paths, batch_size,
                                            problems, SCOPE):
        shape = sample.metainfo.get('ori_shape')
        yield dict(
            img_path=path,
            ori_shape=None if shape is None else tuple(shape[:2]),
            pred_score=sample.pred_score.cpu().numpy())
