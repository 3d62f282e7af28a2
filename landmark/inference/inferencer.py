"""``Inferencer``: predict with a config and a checkpoint, on whichever
task the config belongs to: the Python API, and the prediction path of
``tools/infer.py`` (which builds one and streams
:meth:`Inferencer.predict_files`); the embedding is ``tools/retrieve.py``'s.
"""
import argparse
import os
import os.path as osp
import tempfile
from typing import (Any, Collection, Iterator, List, Optional, Sequence,
                    Union)

from landmark.core.config_scope import (TASK_OF_SCOPE, config_scope,
                                        imports_retrieval)
from landmark.core.data_problems import DataProblemError, ProblemLog
from landmark.core.image_files import ImageReadError
from landmark.inference.image_sources import (ImageSource, error_text,
                                              image_sources, sizes_of)
from landmark.inference.results import (ClassificationResult,
                                        DetectionResult, EmbeddingResult,
                                        Results, SegmentationResult)
from landmark.inference.task_predictions import (PREDICTIONS,
                                                 load_task_model)

RESULT_TYPES = dict(
    detection=DetectionResult,
    classification=ClassificationResult,
    segmentation=SegmentationResult,
    retrieval=EmbeddingResult)


def task_of_config(config: str) -> str:
    """``'detection'``, ``'classification'``, ``'segmentation'`` or
    ``'retrieval'``, from the config's ``default_scope`` (and, in
    mmpretrain's scope, whether it imports ``landmark.retrieval``), as the
    tools tell them apart.

    Raises:
        FileNotFoundError: ``config`` is not an existing ``.py`` file.
    """
    if not (str(config).endswith('.py') and osp.isfile(config)):
        raise FileNotFoundError(f'config {config!r} does not exist; expected '
                                'a Python config file (.py)')
    task = TASK_OF_SCOPE.get(config_scope(config), 'detection')
    if task == 'classification' and imports_retrieval(config):
        task = 'retrieval'
    return task


class Inferencer:
    """Predict with a trained model from Python: boxes, a class, a mask or
    a retrieval embedding per image, as ``tools/infer.py`` (and
    ``tools/retrieve.py`` for embeddings) predict them.

    The model is loaded once, by the loader of the config's task
    (``load_detector``, ``load_classifier``, ``load_segmentor``,
    ``load_embedding_model``), and each call runs the task's prediction
    function (``predict_images``, ``classify_images``, ``segment_images``,
    ``embed_image_files``) on the images. ``tools/infer.py`` is built on
    this class (:meth:`predict_files`), so the tool and Python share one
    decode policy, test pipeline, batching and TTA, hence the same numbers.

    Args:
        config (str): A config of any task; the task is read from its
            ``default_scope`` as the tools read it.
        checkpoint (str | list[str]): The weights. Several (a list or a
            comma-separated string) are averaged for segmentation, as
            ``tools/infer.py`` does; the other tools take one.
        device (str): ``'cpu'``, ``'cuda'``, ``'cuda:1'``. Defaults to
            ``'cpu'``.
        tta (bool): The config's test-time augmentation (flip TTA of the
            embedding for retrieval). Defaults to False.
        batch_size (int): Images per forward pass. Defaults to 1 (what
            ``tools/infer.py`` defaults to; a larger detection batch pads
            photos to the largest one, which moves boxes a little).
        cfg_options (dict, optional): Overrides merged into the config.
        progress (bool): A progress bar on stderr. Defaults to False.
        max_pixels (int, optional): Pixel budget per photo winning over the
            config's, as ``tools/infer.py --max-pixels`` (detection and
            segmentation). Defaults to None (the config's).
        max_long_side (int, optional): Longest side, as
            ``--max-long-side``. Defaults to None (the config's).

    Examples:
        >>> from landmark import Inferencer
        >>> detector = Inferencer('configs/dino/...landmark.py',
        ...                       'work_dirs/dino/epoch_12.pth')
        >>> results = detector('photos/')          # or a glob, a list...
        >>> results[0].boxes, results[0].class_names
        >>> results.to_csv('out/predictions.csv', box_format='xywh')
        >>> cv2.imwrite('drawn.jpg', results[0].draw())
        >>> detector(cv2.imread('a.jpg'))          # a BGR array
        >>> detector(np.asarray(pil_image), rgb=True)
    """

    def __init__(self,
                 config: str,
                 checkpoint: Union[str, Sequence[str]],
                 device: str = 'cpu',
                 tta: bool = False,
                 batch_size: int = 1,
                 cfg_options: Optional[dict] = None,
                 progress: bool = False,
                 max_pixels: Optional[int] = None,
                 max_long_side: Optional[int] = None):
        if int(batch_size) < 1:
            raise ValueError(f'batch_size={batch_size}; expected at least 1')
        self.config = str(config)
        self.task = task_of_config(self.config)
        self.checkpoints = _checkpoint_list(checkpoint)
        self.device = device
        self.tta = bool(tta)
        self.batch_size = int(batch_size)
        self.progress = progress
        self.model = load_task_model(
            self.task, self.config, self.checkpoints, device, self.tta,
            cfg_options,
            dict(max_pixels=max_pixels, max_long_side=max_long_side))

    @classmethod
    def from_args(cls, args: argparse.Namespace, **overrides) -> 'Inferencer':
        """The Inferencer of ``tools/infer.py``'s parsed flags: CONFIG,
        CHECKPOINT, ``--device``, ``--tta``, ``--batch-size``,
        ``--cfg-options``, ``--max-pixels`` and ``--max-long-side`` (where
        the namespace has them); ``overrides`` win (``progress=True``)."""
        options = dict(
            device=args.device,
            tta=args.tta,
            batch_size=args.batch_size,
            cfg_options=args.cfg_options,
            max_pixels=getattr(args, 'max_pixels', None),
            max_long_side=getattr(args, 'max_long_side', None))
        return cls(args.config, args.checkpoint, **dict(options, **overrides))

    @property
    def class_names(self) -> tuple:
        """The model's classes (empty for a retrieval embedding)."""
        meta = getattr(self.model, 'dataset_meta', None) or {}
        return tuple(meta.get('classes', ()))

    def __call__(self,
                 inputs: Any,
                 raise_errors: bool = False,
                 rgb: bool = False,
                 recursive: bool = False) -> Results:
        """Predict on ``inputs``.

        Args:
            inputs: A path, a folder (its images, sorted), a glob, a
                ``.txt`` list of paths, a NumPy array (``(H, W, 3)`` uint8
                BGR as ``cv2.imread`` gives it, or ``(H, W)`` gray), a PIL
                image, or a list of these. Arrays and PIL images are
                written to lossless PNG files in a temporary folder and
                predicted from them, so they go through the files' decode
                policy and pipeline (decoding gives the pixels back bit for
                bit); their results are named ``array_<i>``.
            raise_errors (bool): Raise :class:`ImageReadError` (naming the
                image) at the first unreadable image, instead of returning
                it as a result with ``error`` set. Defaults to False.
            rgb (bool): NumPy arrays are RGB (PIL images are read as RGB
                whatever this says). Defaults to False (BGR).
            recursive (bool): Folders' sub-folders too, as
                ``tools/infer.py --recursive``. Defaults to False.

        Returns:
            Results: One result per image, in input order.

        Raises:
            FileNotFoundError: A path, folder or glob that matches nothing.
            ValueError: An input that is not an image (names it).
            ImageReadError: With ``raise_errors``, an unreadable image.
        """
        with tempfile.TemporaryDirectory(prefix='landmark-infer-') as tmp:
            sources = image_sources(inputs, tmp, rgb, recursive)
            problems = ProblemLog(strict=raise_errors)
            found: List[Optional[object]] = [None] * len(sources)
            try:
                predicted = self.predict_files([s.path for s in sources],
                                               problems)
                for index, result in predicted:
                    found[index] = result
            except DataProblemError as err:
                source = _source_of(sources, err.problem.source)
                raise ImageReadError(error_text(err.problem.message,
                                                source)) from None
            # the header's size where the prediction has none (a skipped
            # image, an embedding)
            unsized = [
                i for i, r in enumerate(found) if r is None or r.size is None
            ]
            sizes = dict(zip(unsized, sizes_of([sources[i] for i in unsized])))
        reasons = {p.source: p.message for p in problems.problems}
        results = []
        for index, (source, result) in enumerate(zip(sources, found)):
            if result is None:
                reason = reasons.get(source.path, 'not predicted')
                result = RESULT_TYPES[self.task](
                    name=source.name,
                    size=sizes[index],
                    error=error_text(reason, source))
            elif result.size is None:
                result.size = sizes[index]
            # named as given, an array input drawn from its pixels
            result.name = source.name
            result.source_path = None if source.image is not None \
                else source.path
            result.source_image = source.image
            results.append(result)
        return Results(self.task, results, self.class_names)

    predict = __call__

    def predict_files(self,
                      paths: Sequence[str],
                      problems: Optional[ProblemLog] = None,
                      skip: Collection[int] = ()) -> Iterator[tuple]:
        """Predict on image files, yielding each result as soon as it is
        predicted: the streaming of ``tools/infer.py``, which writes each
        photo's prediction as it comes.

        Args:
            paths (Sequence[str]): Image files (no folders or globs:
                :func:`~landmark.core.resolve_image_inputs` expands them).
            problems (ProblemLog, optional): Receives each skipped file
                (missing, unreadable, out of memory), naming it; with
                ``strict=True`` the first one raises
                :class:`~landmark.core.DataProblemError`.
            skip (Collection[int]): Detection only: indices not to predict
                (done by an interrupted run, ``--resume``); the batches are
                laid out as in a whole run. Defaults to none.

        Yields:
            tuple[int, result]: The file's index in ``paths`` and its
            result (named by the path, ``size`` None for a retrieval
            embedding), in input order; skipped files are left out.
            Classification yields once every file is classified (the
            config's ``rank_decoding`` assigns labels over all of them).

        Raises:
            ValueError: ``skip`` for another task than detection.
        """
        problems = problems if problems is not None else ProblemLog()
        options = {}
        if skip:
            if self.task != 'detection':
                raise ValueError(f'skip (--resume) is for detection; a '
                                 f'{self.task} run predicts all its images')
            options['skip'] = skip
        kind = RESULT_TYPES[self.task]
        for index, fields in PREDICTIONS[self.task](
                self.model, paths, self.batch_size, problems, self.progress,
                **options):
            yield index, kind(
                name=paths[index], source_path=paths[index], **fields)

    def __repr__(self) -> str:
        return (f'Inferencer(task={self.task!r}, config={self.config!r}, '
                f'checkpoints={self.checkpoints}, device={self.device!r}, '
                f'tta={self.tta}, batch_size={self.batch_size})')


def _checkpoint_list(checkpoint) -> List[str]:
    if isinstance(checkpoint, (str, os.PathLike)):
        checkpoints = [c for c in str(checkpoint).split(',') if c]
    else:
        checkpoints = [str(c) for c in checkpoint]
    if not checkpoints:
        raise ValueError('no checkpoint; expected a .pth file or a list')
    for path in checkpoints:
        if not osp.isfile(path):
            raise FileNotFoundError(f'checkpoint {path!r} does not exist')
    return checkpoints


def _source_of(sources: Sequence[ImageSource], path: str) -> ImageSource:
    for source in sources:
        if source.path == path:
            return source
    return ImageSource(path, path)
