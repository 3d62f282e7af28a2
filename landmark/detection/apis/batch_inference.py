"""Predict on many images in batches, with a progress bar and ETA; an
unreadable image, or one that runs out of memory, is skipped and reported
by name, the others go on."""
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Collection, Iterator, List, Optional, Sequence

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


def _batches(indices: Sequence[int], batch_size: int) -> List[List[int]]:
    return [
        list(indices[i:i + batch_size])
        for i in range(0, len(indices), batch_size)
    ]


def is_out_of_memory(err: BaseException) -> bool:
    """Whether ``err`` says the device (or the host) ran out of memory:
    ``torch.OutOfMemoryError``, a ``RuntimeError`` saying so (CUDA, MPS,
    the CPU allocator) or ``MemoryError``."""
    if isinstance(err, (MemoryError, torch.OutOfMemoryError)):
        return True
    text = str(err).lower()
    return isinstance(err, RuntimeError) and ('out of memory' in text or
                                              "can't allocate memory" in text)


def predict_images(model: torch.nn.Module,
                   image_paths: Sequence[str],
                   batch_size: int = 1,
                   problems: Optional[ProblemLog] = None,
                   progress: bool = True,
                   skip: Collection[int] = ()) -> Iterator[dict]:
    """Predict boxes on ``image_paths`` with a model from
    :func:`load_detector`.

    Images are decoded one batch ahead in a background thread (large photos
    take a while to decode); each is kept at its native resolution until
    the config's test pipeline resizes it. A batch that runs out of memory
    is predicted again photo by photo; a photo that runs out of memory on
    its own is skipped and reported with its size (lower ``--max-pixels``).

    Args:
        model (torch.nn.Module): From :func:`load_detector` (it carries the
            ``inference_pipeline``).
        image_paths (Sequence[str]): Images, e.g. from
            :func:`resolve_image_inputs`.
        batch_size (int): Images per forward pass. Defaults to 1.
        problems (ProblemLog, optional): Receives a ``missing_image`` or
            ``unreadable_image`` problem per skipped image.
        progress (bool): Show a progress bar with ETA on stderr.
        skip (Collection[int]): Indices in ``image_paths`` not to yield
            (done by an earlier, interrupted run). Batches are laid out over
            all of ``image_paths`` as in an uninterrupted run, and a batch
            that is partly done is predicted whole: a batch pads its photos
            to its largest one, so a photo must see the same batch again to
            get the same boxes. Defaults to none.

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
    skip = set(skip)
    num_todo = len(image_paths) - len(skip & set(range(len(image_paths))))
    bar = ProgressBar(num_todo, file=sys.stderr) if progress else None
    batches = [
        batch
        for batch in _batches(range(len(image_paths)), batch_size)
        if not skip.issuperset(batch)
    ]
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
            for record in _predict_batch(model, pipeline, image_paths, batch,
                                         images, problems):
                if record['img_id'] not in skip:
                    yield record
            if bar is not None:
                bar.update(sum(i not in skip for i in batch))
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
    for (index, shape), output in _test_step(model, image_paths, inputs, kept,
                                             problems):
        pred = output.pred_instances
        yield dict(
            img_id=index,
            img_path=image_paths[index],
            ori_shape=tuple(int(v) for v in shape),
            pred_instances=dict(
                bboxes=pred.bboxes.detach().cpu().numpy().reshape(-1, 4),
                scores=pred.scores.detach().cpu().numpy(),
                labels=pred.labels.detach().cpu().numpy().astype(np.int64)))


def _test_step(model, image_paths, inputs: list, kept: list,
               problems: ProblemLog) -> list:
    """``model.test_step`` on a batch: ``[((index, shape), output)]``.

    Out of memory, a batch is retried photo by photo; a single photo that
    still does not fit is reported and left out.
    """
    try:
        with torch.no_grad():
            return list(zip(kept, model.test_step(pseudo_collate(inputs))))
    except (RuntimeError, MemoryError) as err:
        if not is_out_of_memory(err):
            raise
        reason = _first_line(err)
    # retried outside the except block, whose traceback holds the tensors
    _release_memory()
    if len(inputs) > 1:
        return [
            pair for one, info in zip(inputs, kept)
            for pair in _test_step(model, image_paths, [one], [info], problems)
        ]
    (index, (height, width)), = kept
    _report(
        problems,
        DataProblem(
            'unreadable_image', image_paths[index],
            f'out of memory while predicting on this {width}x{height} photo '
            f'({width * height / 1e6:.1f} MP): {reason}; lower --max-pixels '
            '(the pixel budget of the pipeline) or --batch-size, or use a '
            'device with more memory'))
    return []


def _first_line(err: BaseException) -> str:
    text = str(err).strip() or type(err).__name__
    return text.splitlines()[0]


def _release_memory() -> None:
    if torch.cuda.is_available():
        torch.cuda.empty_cache()


def _report(problems: ProblemLog, problem: DataProblem) -> None:
    problems.add(problem.kind, problem.source, problem.message)
    # a warning at once, so a long run shows it without waiting for the end
    sys.stderr.write(f'\nWarning: skipped {problem.source}: '
                     f'{problem.message}\n')
