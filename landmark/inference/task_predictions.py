"""Each task's model loading and prediction for
:class:`~landmark.inference.Inferencer`: thin calls of the functions
``tools/infer.py`` and ``tools/retrieve.py`` run, so that Python and the
tools share one prediction path.

A ``predict_*`` function takes the image files and returns, per file, the
task's fields (a dict) or None where the file was skipped (the reason is
then in ``problems``).
"""
from typing import List, Optional, Sequence

import numpy as np

from landmark.core.data_problems import ProblemLog

TOP_K = 5
RETRIEVAL_SCOPE = 'mmpretrain'
DETECTION_SCOPE = 'mmdet'


def load_task_model(task: str,
                    config: str,
                    checkpoints: List[str],
                    device: str,
                    tta: bool,
                    cfg_options: Optional[dict],
                    pixel_budget: Optional[dict] = None):
    """The task's model, loaded as its tool loads it.

    Args:
        pixel_budget (dict, optional): ``max_pixels`` / ``max_long_side``
            winning over the config's (``tools/infer.py --max-pixels``),
            for detection and segmentation.

    Raises:
        ValueError: Several checkpoints for a task whose ``tools/infer.py``
            takes one; a pixel budget for a task without one.
    """
    if len(checkpoints) > 1 and task != 'segmentation':
        raise ValueError(
            f'{len(checkpoints)} checkpoints for a {task} config; '
            'tools/infer.py averages checkpoints for segmentation only '
            '(fuse other tasks\' predictions with tools/ensemble.py)')
    budget = {k: v for k, v in (pixel_budget or {}).items() if v}
    if budget and task not in ('detection', 'segmentation'):
        raise ValueError(f'max_pixels/max_long_side are detection and '
                         f'segmentation settings; a {task} config sizes '
                         'its photos with image_size')
    if task == 'detection':
        from landmark.detection.apis import load_detector
        return load_detector(config, checkpoints[0], device, tta,
                             cfg_options, **budget)
    if task == 'classification':
        from landmark.classification.apis.image_prediction import \
            load_classifier
        return load_classifier(config, checkpoints[0], device, tta,
                               cfg_options)
    if task == 'segmentation':
        from landmark.segmentation.apis.image_segmentation import \
            load_segmentor
        return load_segmentor(config, checkpoints, device, tta, cfg_options,
                              **budget)
    return _load_embedding_model(config, checkpoints[0], device, tta,
                                 cfg_options)


def _load_embedding_model(config, checkpoint, device, tta, cfg_options):
    """The embedding model, pipeline and view weights as
    ``tools/retrieve.py`` (``run_retrieve``) prepares them."""
    from mmengine.config import Config
    from mmengine.registry import DefaultScope

    import landmark.retrieval  # noqa: F401 (registers the modules)
    from landmark.retrieval.apis.image_embedding import (
        embedding_pipeline_of, load_embedding_model)
    cfg = Config.fromfile(config)
    if cfg_options:
        cfg.merge_from_dict(cfg_options)
    # in mmpretrain's scope whatever scope an earlier model left current
    with DefaultScope.overwrite_default_scope(RETRIEVAL_SCOPE):
        model = load_embedding_model(cfg, checkpoint, device)
    model.embedding_pipeline = embedding_pipeline_of(cfg)
    model.view_weights = tuple(
        cfg.get('retrieval', {}).get('view_weights', (2.0, 1.0)))
    model.flip = tta
    return model


def predict_detection(model, paths: Sequence[str], batch_size: int,
                      problems: ProblemLog, progress: bool) -> list:
    """``predict_images`` (``tools/infer.py`` on a detection config)."""
    from mmengine.registry import DefaultScope

    from landmark.detection.apis import predict_images
    out: list = [None] * len(paths)
    # mmdet's transforms, whatever scope another task's model left current
    with DefaultScope.overwrite_default_scope(DETECTION_SCOPE):
        records = list(
            predict_images(model, paths, batch_size, problems, progress))
    for record in records:
        inst = record['pred_instances']
        order = np.argsort(-inst['scores'], kind='stable')
        out[record['img_id']] = dict(
            size=record['ori_shape'],
            boxes=inst['bboxes'].astype(np.float32).reshape(-1, 4)[order],
            labels=inst['labels'].astype(np.int64)[order],
            scores=inst['scores'].astype(np.float32)[order],
            class_names=tuple(model.dataset_meta['classes']))
    return out


def _in_order(paths: Sequence[str], records: list) -> list:
    """Records yielded for the readable ``paths`` only, put back at their
    path's place (None at the skipped ones). A path given twice is either
    readable or skipped both times."""
    out: list = [None] * len(paths)
    j = 0
    for i, path in enumerate(paths):
        if j < len(records) and records[j]['img_path'] == path:
            out[i] = records[j]
            j += 1
    return out


def predict_classification(model, paths: Sequence[str], batch_size: int,
                           problems: ProblemLog, progress: bool) -> list:
    """``classify_images`` then, when the config asks for it, the rank
    decoding of the labels over these images (as ``tools/infer.py``)."""
    from landmark.classification.apis.image_prediction import \
        classify_images
    records = list(classify_images(model, paths, batch_size, problems))
    if model.rank_decoding and records:
        from landmark.classification.evaluation import decode_labels
        labels = decode_labels(
            np.stack([r['pred_score'] for r in records]),
            **model.rank_decoding)
        records = [dict(r, label=lb) for r, lb in zip(records, labels)]
    classes = tuple(model.dataset_meta['classes'])
    out = []
    for record in _in_order(paths, records):
        if record is None:
            out.append(None)
            continue
        scores = np.asarray(record['pred_score'], np.float32)
        order = np.argsort(-scores, kind='stable')
        label = int(record.get('label', order[0]))
        out.append(
            dict(
                label=label,
                class_name=classes[label],
                score=float(scores[label]),
                topk=[(classes[c], float(scores[c]))
                      for c in order[:TOP_K]],
                scores=scores))
    return out


def predict_segmentation(model, paths: Sequence[str], batch_size: int,
                         problems: ProblemLog, progress: bool) -> list:
    """``segment_images`` (``tools/infer.py`` on a segmentation config)."""
    from landmark.segmentation.apis.image_segmentation import segment_images
    records = list(segment_images(model, paths, batch_size, problems))
    meta = model.dataset_meta
    return [
        None if r is None else dict(
            size=tuple(r['labels'].shape),
            mask=r['labels'],
            class_names=tuple(meta['classes']),
            palette=meta['palette']) for r in _in_order(paths, records)
    ]


def predict_retrieval(model, paths: Sequence[str], batch_size: int,
                      problems: ProblemLog, progress: bool) -> list:
    """``embed_image_files`` (``tools/retrieve.py``'s embedding): unit
    vectors, with flip TTA (the config's view weights) when asked."""
    from mmengine.registry import DefaultScope

    from landmark.retrieval.apis.image_embedding import embed_image_files
    with DefaultScope.overwrite_default_scope(RETRIEVAL_SCOPE):
        embeddings, ok = embed_image_files(
            model,
            paths,
            model.embedding_pipeline,
            batch_size,
            model.flip,
            model.view_weights,
            problems=problems,
            desc='embedding')
    return [
        dict(embedding=embeddings[i]) if ok[i] else None
        for i in range(len(paths))
    ]


PREDICTIONS = dict(
    detection=predict_detection,
    classification=predict_classification,
    segmentation=predict_segmentation,
    retrieval=predict_retrieval)
