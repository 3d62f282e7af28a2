"""Problems found in input data, reported with the file and the row.

Converters and checks never stop at the first bad item by default: they skip
it, record a :class:`DataProblem` and go on, so nothing else is lost. With
``strict=True`` the first problem that would skip an item raises
:class:`DataProblemError` instead.
"""
import sys
from collections import Counter
from dataclasses import dataclass
from typing import List, Optional

# kinds of problem, in the order a summary lists them
PROBLEM_KINDS = (
    'missing_image',  # the image file does not exist
    'missing_mask',  # a segmentation image has no mask file
    'unreadable_image',  # it exists but does not decode
    'bad_annotation',  # an annotation file or row cannot be parsed
    'unknown_class',  # a class name or id outside the known classes
    'empty_box',  # zero or negative width or height
    'box_outside',  # a box reaching outside the image
    'size_mismatch',  # annotated size differs from the real image
    'exif_orientation',  # boxes perhaps in the stored, not displayed, frame
    'too_many_objects',  # 2+ boxes in single-object mode
    'bad_image_id',  # an image id that the output file cannot hold
)


@dataclass
class DataProblem:
    """One problem with one input item.

    Args:
        kind (str): One of :data:`PROBLEM_KINDS`.
        source (str): The file the problem is in (annotation or image).
        message (str): What is wrong and what was expected.
        where (str): Row, object or annotation inside ``source``
            (``'row 12'``). Defaults to ``''``.
        skipped (bool): Whether the item was dropped (``True``) or fixed and
            kept with a warning (``False``, e.g. a clipped box).
    """
    kind: str
    source: str
    message: str
    where: str = ''
    skipped: bool = True

    def __str__(self) -> str:
        place = f'{self.source} ({self.where})' if self.where else self.source
        action = 'skipped' if self.skipped else 'fixed'
        return f'[{self.kind}, {action}] {place}: {self.message}'


class DataProblemError(ValueError):
    """Raised for a :class:`DataProblem` in strict mode."""

    def __init__(self, problem: DataProblem):
        super().__init__(str(problem))
        self.problem = problem


class NoUsablePhotosError(ValueError):
    """A data set whose photos are all unusable (a wrong image folder, every
    file damaged): the tools end with this one line, before training or
    testing, instead of MMEngine's "Cannot find valid image after 1000"
    or an empty concatenation deep inside the data set."""


def no_usable_photo_line(err: BaseException) -> str:
    """The message of :class:`NoUsablePhotosError`, also when a data-loader
    worker raised it (PyTorch then wraps the worker's traceback around
    it): its last line, without the class name."""
    text = str(err.args[0] if err.args else err).strip()
    last = text.splitlines()[-1] if text else ''
    return last.split('NoUsablePhotosError: ', 1)[-1]


class ProblemLog:
    """Collects problems; raises at once in strict mode.

    Args:
        strict (bool): Raise :class:`DataProblemError` on the first problem
            that skips an item. Warnings (fixed items) never raise.
    """

    def __init__(self, strict: bool = False):
        self.strict = strict
        self.problems: List[DataProblem] = []

    def add(self,
            kind: str,
            source: str,
            message: str,
            where: str = '',
            skipped: bool = True) -> DataProblem:
        """Record a problem (see :class:`DataProblem` for the arguments)."""
        assert kind in PROBLEM_KINDS, kind
        problem = DataProblem(kind, source, message, where, skipped)
        if self.strict and skipped:
            raise DataProblemError(problem)
        self.problems.append(problem)
        return problem

    def extend(self, other: 'ProblemLog') -> None:
        self.problems.extend(other.problems)

    @property
    def num_skipped(self) -> int:
        return sum(p.skipped for p in self.problems)

    def report_skipped(self, what: str = 'image(s)') -> int:
        """Print the skipped items' summary on stderr; the exit code of a
        batch job: 1 when something was skipped, else 0."""
        if not self.num_skipped:
            return 0
        print(
            f'{self.num_skipped} {what} skipped:\n' +
            self.summary(max_listed=None),
            file=sys.stderr)
        return 1

    def counts(self) -> Counter:
        """Number of problems of each kind."""
        return Counter(p.kind for p in self.problems)

    def summary(self, max_listed: Optional[int] = 20) -> str:
        """A human-readable report: counts per kind, then the problems."""
        if not self.problems:
            return 'No problems found.'
        counts = self.counts()
        lines = [
            f'{len(self.problems)} problem(s): ' +
            ', '.join(f'{counts[k]} {k}' for k in PROBLEM_KINDS if counts[k])
        ]
        listed = self.problems if max_listed is None else \
            self.problems[:max_listed]
        lines += [f'  {p}' for p in listed]
        if len(listed) < len(self.problems):
            lines.append(f'  ... and {len(self.problems) - len(listed)} more')
        return '\n'.join(lines)
