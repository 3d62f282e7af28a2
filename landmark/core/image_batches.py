"""Run a model over image files in batches, skipping (and naming) the files
that cannot be read: the loop of every task's ``tools/infer.py``."""
from typing import Iterator, List, Sequence, Tuple

import torch
from mmengine.dataset import pseudo_collate
from mmengine.registry import DefaultScope

from landmark.core.data_problems import ProblemLog
from landmark.core.image_files import (ImageReadError,
                                       check_image_before_loading)

# what a test pipeline raises on a file it cannot decode (mmcv's
# LoadImageFromFile asserts that the image is not None)
PIPELINE_READ_ERRORS = (ImageReadError, OSError, ValueError, AssertionError)


def _input_shapes(item: dict) -> tuple:
    """The shape of a pipeline item's input, of each view for a TTA item
    (whose ``inputs`` is a list)."""
    inputs = item['inputs']
    views = inputs if isinstance(inputs, list) else [inputs]
    return tuple(tuple(view.shape) for view in views)


def predict_image_files(model, paths: Sequence[str], batch_size: int,
                        problems: ProblemLog,
                        scope: str) -> Iterator[Tuple[str, object]]:
    """``(path, data_sample)`` per readable image, in order.

    Each path goes through ``model.test_pipeline`` (a Compose); a file whose
    header or decoding fails, or a JPEG cut short (which OpenCV 4 decodes
    with a grey end), is recorded in ``problems`` (kind
    ``unreadable_image``, naming the file) and skipped, as training skips
    it. Batches of up to ``batch_size`` items of one input size (a batch
    is cut where the size changes: segmentors stack a batch without
    padding) run through ``model.test_step`` without gradients in the
    registry ``scope``.

    Args:
        model: A model with ``test_pipeline`` and ``test_step``.
        paths (Sequence[str]): Image files.
        batch_size (int): Images per forward pass.
        problems (ProblemLog): Receives the skipped files.
        scope (str): Default registry scope (``'mmseg'``...).

    Yields:
        tuple[str, object]: The file and the model's prediction for it.
    """
    batch: List[Tuple[str, dict]] = []

    def run(batch):
        # the items stay as the pipeline made them: a TTA model splits
        # every key of a TestTimeAug item by view
        with torch.no_grad(), DefaultScope.overwrite_default_scope(scope):
            samples = model.test_step(
                pseudo_collate([item for _, item in batch]))
        yield from zip([path for path, _ in batch], samples)

    for path in paths:
        try:
            check_image_before_loading(path)
            item = model.test_pipeline(dict(img_path=path))
        except PIPELINE_READ_ERRORS as err:
            problems.add('unreadable_image', path, f'{err}; skipped')
            continue
        if item is None:
            problems.add('unreadable_image', path,
                         'expected a decodable image; skipped')
            continue
        if batch and _input_shapes(item) != _input_shapes(batch[0][1]):
            yield from run(batch)
            batch = []
        batch.append((path, item))
        if len(batch) == batch_size:
            yield from run(batch)
            batch = []
    if batch:
        yield from run(batch)
