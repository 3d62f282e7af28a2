"""The plain results :class:`~landmark.inference.Inferencer` returns, one
dataclass per task, and :class:`Results`, their list with ``to_csv``.

They sit in one module (not one file each) because they are small plain
records read side by side; none is registered anywhere.

Each result knows its image's ``name`` (the file as given, or
``array_<i>``) and ``size`` ``(h, w)``; an image that could not be read has
``error`` set (what is wrong, naming it) and empty predictions.
``draw()`` returns the BGR image drawn by the functions the tools draw
with.
"""
import itertools
from dataclasses import dataclass, field
from typing import Iterable, List, Optional, Sequence, Tuple

import numpy as np


@dataclass
class _ImageResult:
    name: str
    size: Optional[Tuple[int, int]]
    error: Optional[str] = None
    # the file predicted on and, for an array input, its BGR pixels
    source_path: Optional[str] = field(default=None, repr=False)
    source_image: Optional[np.ndarray] = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        """Whether the image was read and predicted."""
        return self.error is None

    def image(self) -> np.ndarray:
        """The BGR image, decoded under the tools' decode policy (an array
        input: the array itself, as BGR)."""
        if self.error is not None:
            raise ValueError(f'{self.name}: no image to draw ({self.error})')
        if self.source_image is not None:
            return self.source_image.copy()
        from landmark.core.image_files import decode_image
        return decode_image(self.source_path)


@dataclass
class DetectionResult(_ImageResult):
    """Boxes of one image.

    Args:
        boxes (np.ndarray): ``(N, 4)`` float32 ``x1, y1, x2, y2`` in the
            original image's pixels, by decreasing score (N is 1 at most
            when the config sets ``single_object_top1``, TTA aside: the TTA
            model keeps its own ``max_per_img``, as in the tools).
        labels (np.ndarray): ``(N,)`` int64 0-based classes.
        scores (np.ndarray): ``(N,)`` float32.
        class_names (tuple[str]): Name of each label.
    """
    boxes: np.ndarray = field(
        default_factory=lambda: np.zeros((0, 4), np.float32))
    labels: np.ndarray = field(
        default_factory=lambda: np.zeros(0, np.int64))
    scores: np.ndarray = field(
        default_factory=lambda: np.zeros(0, np.float32))
    class_names: Tuple[str, ...] = ()

    def record(self, index: int) -> dict:
        """The prediction dict of ``tools/test.py --out`` and
        ``predict_images`` (what the CSV writer takes)."""
        return dict(
            img_id=index,
            img_path=self.name,
            ori_shape=tuple(self.size),
            pred_instances=dict(
                bboxes=self.boxes, scores=self.scores, labels=self.labels))

    def draw(self,
             score_thr: Optional[float] = None,
             all_boxes: bool = False) -> np.ndarray:
        """The image with its boxes, as ``tools/infer.py --show-dir`` draws
        it: the best box (``score_thr`` 0 by default), or with
        ``all_boxes`` every box scored at least ``score_thr`` (0.3 by
        default)."""
        from landmark.detection.visualization import draw_predictions
        if score_thr is None:
            score_thr = 0.3 if all_boxes else 0.
        return draw_predictions(
            self.image(),
            self.boxes,
            self.scores,
            self.labels,
            self.class_names,
            score_thr=score_thr,
            max_boxes=None if all_boxes else 1)


@dataclass
class ClassificationResult(_ImageResult):
    """The class of one image.

    Args:
        label (int): The predicted class (argmax, or the config's
            ``rank_decoding`` over the images of the call, as
            ``tools/infer.py``).
        class_name (str): Its name.
        score (float): Its score.
        topk (list[tuple[str, float]]): The 5 best classes (fewer when
            there are fewer) and scores, by decreasing score.
        scores (np.ndarray): ``(C,)`` float32 score of every class.
    """
    label: int = -1
    class_name: str = ''
    score: float = float('nan')
    topk: List[Tuple[str, float]] = field(default_factory=list)
    scores: np.ndarray = field(
        default_factory=lambda: np.zeros(0, np.float32), repr=False)

    def record(self) -> dict:
        """The dict the classification CSV writer takes."""
        return dict(
            img_path=self.name, pred_score=self.scores, label=self.label)

    def draw(self) -> np.ndarray:
        """The image framed, with ``'class 0.93'`` above it, drawn by the
        box drawing of the detection tools (the classification tools draw
        no pictures)."""
        from landmark.detection.visualization import (PRED_COLOR,
                                                      draw_boxes)
        image = self.image()
        height, width = image.shape[:2]
        return draw_boxes(image,
                          np.array([[0, 0, width - 1, height - 1]],
                                   np.float32),
                          [f'{self.class_name} {self.score:.2f}'],
                          [PRED_COLOR])


@dataclass
class SegmentationResult(_ImageResult):
    """The class of each pixel of one image.

    Args:
        mask (np.ndarray): ``(H, W)`` class index per pixel, at the image's
            size.
        class_names (tuple[str]): Name of each class index.
        palette (list): RGB colour of each class (the config's).
    """
    mask: np.ndarray = field(
        default_factory=lambda: np.zeros((0, 0), np.int64), repr=False)
    class_names: Tuple[str, ...] = ()
    palette: Sequence[Sequence[int]] = field(default_factory=list,
                                             repr=False)

    def draw(self) -> np.ndarray:
        """The mask blended over the image, as ``tools/infer.py
        --show-dir`` draws it (classes coloured black left undrawn)."""
        from landmark.segmentation.visualization import draw_mask_overlay
        return draw_mask_overlay(self.image(), self.mask,
                                 [list(c)[::-1] for c in self.palette])


@dataclass
class EmbeddingResult(_ImageResult):
    """The retrieval embedding of one image.

    Args:
        embedding (np.ndarray): ``(D,)`` float32, L2-normalized (unit
            length), as ``tools/retrieve.py`` searches with it.
    """
    embedding: np.ndarray = field(
        default_factory=lambda: np.zeros(0, np.float32), repr=False)

    def draw(self) -> np.ndarray:
        """An embedding has no picture of its own: ``tools/retrieve.py
        --show-dir`` draws a query beside its results."""
        raise TypeError(f'{self.name}: an embedding has nothing to draw; '
                        'tools/retrieve.py --show-dir draws queries with '
                        'their results')


class Results(list):
    """The results of one call, in input order (unreadable images
    included, with their ``error``), and the task's CSV.

    Args:
        task (str): ``'detection'``, ``'classification'``,
            ``'segmentation'`` or ``'retrieval'``.
        results (list): The task's result dataclasses.
        class_names (tuple[str]): The model's classes (empty for
            retrieval).
    """

    def __init__(self, task: str, results, class_names=()):
        super().__init__(results)
        self.task = task
        self.class_names = tuple(class_names)

    @property
    def errors(self) -> List[str]:
        """The error of each unreadable image."""
        return [r.error for r in self if r.error is not None]

    def to_csv(self, path: str, **options) -> int:
        """Write the CSV ``tools/infer.py`` writes for the task, atomically
        (temporary file, then rename), the unreadable images left out as
        the tool leaves them out; returns the number of data rows.

        Detection: ``predictions.csv`` by
        :func:`~landmark.detection.evaluation.writers.write_submission_csv`,
        ``options`` being :class:`SubmissionFormat`'s (``box_format``,
        ``label_as``, ``fields``, ``column_names``, ``single_object``...);
        classification: ``image,label,score`` by ``write_class_csv``
        (``top_k``); segmentation: ``masks.csv`` (run-length, one row per
        image and class but background) by ``write_rle_csv``; retrieval
        ``image,e0,...`` (:func:`write_embeddings_csv`) through the shared
        atomic CSV writer (``decimals``, default 6), as ``tools/infer.py``
        writes ``embeddings.csv``.

        Examples:
            >>> results.to_csv('out/predictions.csv', box_format='xywh',
            ...                column_names=dict(image_id='ImageID'))
        """
        done = [r for r in self if r.ok]
        if self.task == 'detection':
            from landmark.detection.evaluation.writers import (
                SubmissionFormat, write_submission_csv)
            return write_submission_csv(
                [r.record(i) for i, r in enumerate(done)], path,
                SubmissionFormat(**options), self.class_names)
        if self.task == 'classification':
            from landmark.classification.evaluation.writers.class_scores_csv \
                import write_class_csv
            return write_class_csv([r.record() for r in done], path,
                                   self.class_names, **options)
        if self.task == 'segmentation':
            return _write_masks_csv(done, path, self.class_names, **options)
        return write_embeddings_csv(done, path, **options)


def _write_masks_csv(done, path: str, class_names) -> int:
    from landmark.segmentation.apis.image_segmentation import (
        check_unique_stems, write_masks_rle_csv)

    # refused before a row is written, as the tool refuses it
    check_unique_stems([r.name for r in done])
    _, num_rows = write_masks_rle_csv(((r.name, r.mask) for r in done), path,
                                      class_names)
    return num_rows


def write_embeddings_csv(results: Iterable['EmbeddingResult'],
                         path: str,
                         decimals: int = 6) -> int:
    """Write ``image,e0,...,e<D-1>`` (the result's name, then its
    embedding) for ``results`` as they come, atomically; returns the
    number of rows. What ``Results.to_csv`` and ``tools/infer.py`` write
    for a retrieval config.

    Args:
        results (Iterable[EmbeddingResult]): Read ones (streamed).
        path (str): The CSV.
        decimals (int): Digits after the point. Defaults to 6.
    """
    from landmark.core.submission import write_csv_rows
    results = iter(results)
    first = next(results, None)
    dim = 0 if first is None else len(first.embedding)
    rows = (
        [r.name] + [f'{v:.{decimals}f}' for v in r.embedding]
        for r in itertools.chain([] if first is None else [first], results))
    return write_csv_rows(path, ['image'] + [f'e{i}' for i in range(dim)],
                          rows)
