"""Predict on many images in batches, with a progress bar and ETA; an
unreadable image is skipped and reported by name, the others go on."""
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Iterator, List, Optional, Sequence

import numpy as np
import torch
from mmengine.dataset import Compose, pseudo_collate

from landmark.core import DataProblem, ProblemLog, decode_image
from landmark.core.image_files import ImageReadError
from landmark.core.progress import ProgressBar


def _decode(path: str):
    """The decoded image, or the error saying why it cannot be read."""
    try:
        return decode_image(path)
    except ImageReadError as err:
        return err


def _batches(paths: Sequence[str], batch_size: int) -> List[List[int]]:
    return [
        list(range(i, min(i + batch_size, len(paths))))
        for i in range(0, len(paths), batch_size)
    ]


def predict_images(model: torch.nn.Module,
                   image_paths: Sequence[str],
                   batch_size: int = 1,
                   problems: Optional[ProblemLog] = None,
                   progress: bool = True) -> Iterator[dict]:
    """Predict boxes on ``image_paths`` with a model from
    :func:`load_detector`.

    Images are decoded one batch ahead in a background thread (large photos
    take a while to decode); each is kept at its native resolution until
    the config's test pipeline resizes it.

    Args:
        model (torch.nn.Module): From :func:`load_detector` (it carries the
            ``inference_pipeline``).
        image_paths (Sequence[str]): Images, e.g. from
            :func:`resolve_image_inputs`.
        batch_size (int): Images per forward pass. Defaults to 1.
        problems (ProblemLog, optional): Receives a ``missing_image`` or
            ``unreadable_image`` problem per skipped image.
        progress (bool): Show a progress bar with ETA on stderr.

    Yields:
        dict: Per image, in input order (skipped ones left out):
        ``img_id`` (index in ``image_paths``), ``img_path``, ``ori_shape``
        ``(H, W)`` and ``pred_instances`` with numpy ``bboxes`` (N, 4) xyxy
        in original pixels, ``scores`` and 0-based ``labels``, the format
        of MMDetection's ``DumpDetResults``.
    """
    if batch_size < 1:
        raise ValueError(f'batch_size must be >= 1, got {batch_size}')
    problems = problems if problems is not None else ProblemLog()
    pipeline = Compose(model.inference_pipeline)
    bar = ProgressBar(len(image_paths), file=sys.stderr) if progress \
        else None
    batches = _batches(image_paths, batch_size)
    with ThreadPoolExecutor(max_workers=1) as pool:
        ahead: List[Future] = []
        if batches:
            ahead = [pool.submit(_decode, image_paths[i]) for i in batches[0]]
        for k, batch in enumerate(batches):
            images = [f.result() for f in ahead]
            if k + 1 < len(batches):
                ahead = [
                    pool.submit(_decode, image_paths[i])
                    for i in batches[k + 1]
                ]
            yield from _predict_batch(model, pipeline, image_paths, batch,
                                      images, problems)
            if bar is not None:
                for _ in batch:
                    bar.update()
    if bar is not None:
        sys.stderr.write('\n')


def _predict_batch(model, pipeline, image_paths, batch, images,
                   problems: ProblemLog) -> Iterator[dict]:
    inputs, kept = [], []
    for index, image in zip(batch, images):
        path = image_paths[index]
        if isinstance(image, Exception):
            kind = 'missing_image' if 'does not exist' in str(image) \
                else 'unreadable_image'
            _report(problems, DataProblem(kind, path, str(image)))
            continue
        try:
            inputs.append(pipeline(dict(img=image, img_id=index)))
        except Exception as err:  # noqa: BLE001 a bad image must not stop all
            _report(
                problems,
                DataProblem('unreadable_image', path,
                            f'the test pipeline failed on it: {err!r}'))
            continue
        kept.append((index, image.shape[:2]))
    if not inputs:
        return
    with torch.no_grad():
        outputs = model.test_step(pseudo_collate(inputs))
    for (index, shape), output in zip(kept, outputs):
        pred = output.pred_instances
        yield dict(
            img_id=index,
            img_path=image_paths[index],
            ori_shape=tuple(int(v) for v in shape),
            pred_instances=dict(
                bboxes=pred.bboxes.detach().cpu().numpy().reshape(-1, 4),
                scores=pred.scores.detach().cpu().numpy(),
                labels=pred.labels.detach().cpu().numpy().astype(np.int64)))


def _report(problems: ProblemLog, problem: DataProblem) -> None:
    problems.add(problem.kind, problem.source, problem.message)
    # a warning at once, so a long run shows it without waiting for the end
    sys.stderr.write(f'\nWarning: skipped {problem.source}: '
                     f'{problem.message}\n')
