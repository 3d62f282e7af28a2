"""Each task's model loading and prediction for
:class:`~landmark.inference.Inferencer` (hence for ``tools/infer.py``,
built on it): thin calls of the task's loader and prediction function
(``tools/test.py``'s model building, ``tools/retrieve.py``'s embedding),
so that Python and the tools share one prediction path.

A ``predict_*`` function takes the image files and yields, as they are
predicted and in input order, ``(index, fields)`` for each file read: its
index in the files and the task's fields (a dict of the result
dataclass's fields); a skipped file is left out (the reason is then in
``problems``).
"""
from typing import (Collection, Iterable, Iterator, List, Optional,
                    Sequence, Tuple)

import numpy as np

from landmark.core.data_problems import ProblemLog

TOP_K = 5
RETRIEVAL_SCOPE = 'mmpretrain'
DETECTION_SCOPE = 'mmdet'
# (index in the files, the result's fields) per image read
Fields = Iterator[Tuple[int, dict]]
_END = object()


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
    # the loaders are looked up in their modules when called (a test can
    # replace one there)
    if task == 'detection':
        from landmark.detection.apis import detector_loading
        return detector_loading.load_detector(config, checkpoints[0], device,
                                              tta, cfg_options, **budget)
    if task == 'classification':
        from landmark.classification.apis import image_prediction
        return image_prediction.load_classifier(config, checkpoints[0],
                                                device, tta, cfg_options)
    if task == 'segmentation':
        from landmark.segmentation.apis import image_segmentation
        return image_segmentation.load_segmentor(config, checkpoints, device,
                                                 tta, cfg_options, **budget)
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


def in_scope(scope: str, items: Iterable) -> Iterator:
    """``items`` advanced in the registry ``scope`` (the task's transforms
    and models, whatever scope another task's model left current), the
    scope left as it was while the caller holds an item."""
    from mmengine.registry import DefaultScope
    items = iter(items)
    while True:
        with DefaultScope.overwrite_default_scope(scope):
            item = next(items, _END)
        if item is _END:
            return
        yield item


def predict_detection(model,
                      paths: Sequence[str],
                      batch_size: int,
                      problems: ProblemLog,
                      progress: bool,
                      skip: Collection[int] = ()) -> Fields:
    """``predict_images`` (``tools/infer.py`` on a detection config),
    boxes by decreasing score; ``skip``: the indices an interrupted run
    finished (``--resume``), batched as in a whole run."""
    from landmark.detection.apis import batch_inference
    classes = tuple(model.dataset_meta['classes'])
    records = batch_inference.predict_images(model, paths, batch_size,
                                             problems, progress, skip)
    for record in in_scope(DETECTION_SCOPE, records):
        inst = record['pred_instances']
        order = np.argsort(-inst['scores'], kind='stable')
        yield record['img_id'], dict(
            size=record['ori_shape'],
            boxes=inst['bboxes'].astype(np.float32).reshape(-1, 4)[order],
            labels=inst['labels'].astype(np.int64)[order],
            scores=inst['scores'].astype(np.float32)[order],
            class_names=classes)


def _indexed(paths: Sequence[str], records: Iterable[dict]) -> Fields:
    """``(index in paths, record)`` of records yielded, in order, for the
    readable ``paths`` only. A path given twice is either readable or
    skipped both times."""
    index = 0
    for record in records:
        while paths[index] != record['img_path']:
            index += 1
        yield index, record
        index += 1


def predict_classification(model, paths: Sequence[str], batch_size: int,
                           problems: ProblemLog, progress: bool) -> Fields:
    """``classify_images`` then, when the config asks for it, the rank
    decoding of the labels over these images (as ``tools/infer.py``): the
    fields come once every image is classified."""
    from landmark.classification.apis.image_prediction import \
        classify_images
    records = list(_indexed(paths, classify_images(model, paths, batch_size,
                                                   problems)))
    labels = [None] * len(records)
    if model.rank_decoding and records:
        from landmark.classification.evaluation import decode_labels
        labels = decode_labels(
            np.stack([r['pred_score'] for _, r in records]),
            **model.rank_decoding)
    classes = tuple(model.dataset_meta['classes'])
    for (index, record), label in zip(records, labels):
        scores = np.asarray(record['pred_score'], np.float32)
        order = np.argsort(-scores, kind='stable')
        label = int(order[0] if label is None else label)
        yield index, dict(
            size=record['ori_shape'],
            label=label,
            class_name=classes[label],
            score=float(scores[label]),
            topk=[(classes[c], float(scores[c])) for c in order[:TOP_K]],
            scores=scores)


def predict_segmentation(model, paths: Sequence[str], batch_size: int,
                         problems: ProblemLog, progress: bool) -> Fields:
    """``segment_images`` (``tools/infer.py`` on a segmentation config)."""
    from landmark.segmentation.apis.image_segmentation import segment_images
    meta = model.dataset_meta
    classes = tuple(meta['classes'])
    records = segment_images(model, paths, batch_size, problems)
    for index, record in _indexed(paths, records):
        yield index, dict(
            size=tuple(record['labels'].shape),
            mask=record['labels'],
            class_names=classes,
            palette=meta['palette'])


def predict_retrieval(model, paths: Sequence[str], batch_size: int,
                      problems: ProblemLog, progress: bool) -> Fields:
    """``embed_image_chunks`` (``tools/retrieve.py``'s embedding, chunk by
    chunk): unit vectors, with flip TTA (the config's view weights) when
    asked."""
    from landmark.retrieval.apis.image_embedding import embed_image_chunks
    chunks = embed_image_chunks(
        model,
        paths,
        model.embedding_pipeline,
        batch_size,
        model.flip,
        model.view_weights,
        problems=problems,
        desc='embedding')
    for start, embeddings, ok in in_scope(RETRIEVAL_SCOPE, chunks):
        for i in np.flatnonzero(ok):
            yield start + int(i), dict(size=None, embedding=embeddings[i])


PREDICTIONS = dict(
    detection=predict_detection,
    classification=predict_classification,
    segmentation=predict_segmentation,
    retrieval=predict_retrieval)
