"""Training that does not die on one unreadable photo.

A loading transform of any task hands its load to :class:`ImageSkipper`,
which returns ``None`` for a photo that cannot be used (MMEngine's
``BaseDataset`` then fetches another index), names it once in the log for
the whole run, whichever data-loader worker meets it and however many
epochs pass, and counts the photos skipped so far.

"Usable" is the decode policy of :mod:`landmark.core.image_files`, at the
cost a training loop can pay: the pixel limit from the header before
decoding, the decoder's verdict, and for JPEG files the end-of-image
marker (so a photo cut short is refused with OpenCV 4 too, which fills the
missing part with grey); a JPEG without the marker is decoded in full by
Pillow only then (motion photos carry data after it).
"""
import hashlib
import logging
import os
import os.path as osp
import shutil
import tempfile
import uuid
import weakref
from typing import Callable, Optional

from mmengine.logging import print_log

from landmark.core.data_problems import NoUsablePhotosError, ProblemLog
from landmark.core.image_files import (ImageReadError, check_jpeg_complete,
                                       read_image_header)

# MMEngine's BaseDataset fetches another photo for each skipped one, up to
# 1000 times, then raises "Cannot find valid image": this many in a row
# (one chance in 10**9 with 90 % of the photos unusable) ends training with
# one line instead
MAX_SKIPS_IN_A_ROW = 200


def _remove_marker_dir(folder: str, owner_pid: int) -> None:
    if os.getpid() == owner_pid:  # not from a forked worker's copy
        shutil.rmtree(folder, ignore_errors=True)


class ImageSkipper:
    """Check and load one photo for training; skip and name it when it is
    unusable.

    The skipper is built in the main process (with its dataset's pipeline)
    and copied into every data-loader worker; the workers agree on which
    photo has been named through marker files in one temporary folder per
    skipper, removed when the main process ends.

    Attributes:
        problems (ProblemLog): The skips this process met (a photo met
            again in a later epoch is counted again here).
    """

    def __init__(self):
        self.problems = ProblemLog()
        self._in_a_row = 0  # photos skipped since this process loaded one
        self._named_here = set()  # if the marker folder cannot be written
        self._marker_dir = osp.join(
            tempfile.gettempdir(),
            f'landmark-skipped-images-{os.getpid()}-{uuid.uuid4().hex[:8]}')
        weakref.finalize(self, _remove_marker_dir, self._marker_dir,
                         os.getpid())

    def load(self, load: Callable[[dict], Optional[dict]],
             results: dict) -> Optional[dict]:
        """Run ``load(results)`` (e.g. ``LoadImageFromFile.transform``)
        under the policy of this module.

        Args:
            load (callable): The loading step; it puts ``'img'`` in the
                results.
            results (dict): The pipeline's results (``'img_path'``).

        Returns:
            dict | None: The loaded results, or ``None`` for a photo that
            was skipped (and named, the first time).
        """
        path = results.get('img_path', '?')
        local = isinstance(path, str) and osp.isfile(path)
        try:
            if local:
                read_image_header(path)  # pixel limit before decoding
            loaded = load(results)
            if loaded is None or loaded.get('img') is None:
                raise ImageReadError('decoded to nothing')
            if local:
                check_jpeg_complete(path)
        except Exception as err:  # any decoder error means the same
            reason = f'{type(err).__name__}: {err}'.splitlines()[0]
            self.skip(path, reason)
            self._in_a_row += 1
            if self._in_a_row >= MAX_SKIPS_IN_A_ROW:
                raise NoUsablePhotosError(
                    f'{path}: {self._in_a_row} photos in a row could not be '
                    f'used, this one for {reason} ({self.num_skipped_photos}'
                    ' distinct photo(s) named in the log); expected a '
                    'training set of readable photos: is the image folder '
                    'right?') from None
            return None
        self._in_a_row = 0
        return loaded

    def skip(self, path: str, reason: str) -> None:
        """Record a skipped photo; log it if no process has yet."""
        problem = self.problems.add(
            'unreadable_image', path,
            f'expected a decodable image ({reason}); skipped, the data set '
            'fetches another photo')
        num_named = self._claim(path)
        if num_named is not None:
            print_log(
                f'{problem} ({num_named} photo(s) skipped in this run so '
                'far; each is named once)',
                logger='current',
                level=logging.WARNING)

    @property
    def num_skipped_photos(self) -> int:
        """Distinct photos skipped in this run, by every process."""
        if not osp.isdir(self._marker_dir):
            return 0
        return len(os.listdir(self._marker_dir))

    def _claim(self, path: str) -> Optional[int]:
        """Mark ``path`` as named; return the number of photos named so far
        when this call marked it, ``None`` when another call already had."""
        marker = osp.join(self._marker_dir,
                          hashlib.sha1(path.encode()).hexdigest())
        try:
            os.makedirs(self._marker_dir, exist_ok=True)
            os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return None
        except OSError:  # no temporary folder: name it once per process
            if path in self._named_here:
                return None
            self._named_here.add(path)
            return len(self._named_here)
        return self.num_skipped_photos


def _datasets_of(loop) -> list:
    """The data set of a built loop and the data sets it wraps."""
    dataset = getattr(getattr(loop, 'dataloader', None), 'dataset', None)
    found = []
    while dataset is not None and dataset not in found:
        found.append(dataset)
        dataset = getattr(dataset, 'dataset', None)
    return found


def skipped_photos_summary(runner) -> str:
    """One line on the photos a finished run could not use, or ``''``:
    those its training pipeline skipped (:class:`ImageSkipper`, each photo
    counted once over workers and epochs) and those its validation or test
    set left out when it was built (``left_out_photos`` of the data set,
    e.g. ``LandmarkDataset`` in test mode, and, in a test, of the model:
    the gallery of ``GalleryRetriever``). Loops the run never built count
    nothing.

    Args:
        runner (mmengine.runner.Runner): The runner after ``train()`` or
            ``test()``.
    """
    parts = []
    for name, what in (('_train_loop', 'skipped in training'),
                       ('_val_loop', 'left out of validation'),
                       ('_test_loop', 'left out of the test')):
        left_out, num_skipped = set(), 0
        loop = getattr(runner, name, None)
        for dataset in _datasets_of(loop):
            left_out.update(getattr(dataset, 'left_out_photos', ()))
            pipeline = getattr(dataset, 'pipeline', None)
            for transform in getattr(pipeline, 'transforms', ()):
                skipper = getattr(transform, 'skipper', None)
                if isinstance(skipper, ImageSkipper):
                    num_skipped += skipper.num_skipped_photos
        if name == '_test_loop' and getattr(loop, 'dataloader',
                                            None) is not None:
            # photos a model reads itself (a retriever's gallery)
            model = getattr(runner.model, 'module', runner.model)
            left_out.update(getattr(model, 'left_out_photos', ()))
        if left_out or num_skipped:
            parts.append(f'{len(left_out) + num_skipped} photo(s) {what}')
    if not parts:
        return ''
    return ', '.join(parts) + ' (each named in the log above)'
