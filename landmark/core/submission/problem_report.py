"""The problems found in a submission file, and their summary."""
from collections import Counter
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

# kinds of problem every task's CSV can have, in the order a summary lists
# them; a task appends its own (boxes, masks...)
SUBMISSION_PROBLEM_KINDS = (
    'wrong_column',  # header differs from the format / sample submission
    'missing_image',  # an expected image has no row
    'duplicate_image',  # an image has 2+ rows in single-object mode
    'unknown_image',  # a row for an image that is not expected
    'missing_value',  # an empty cell
    'wrong_type',  # a cell that is not a number / integer id
    'unknown_class',  # a class name or id outside the known classes
)


@dataclass
class SubmissionProblem:
    """One problem in a submission file.

    Args:
        kind (str): One of the report's kinds.
        message (str): What is wrong and what was expected.
        row (int, optional): Row in the file, the header being row 1;
            None for a problem of the whole file (missing image).
        image_id (str): The image concerned. Defaults to ``''``.
    """
    kind: str
    message: str
    row: Optional[int] = None
    image_id: str = ''

    def __str__(self) -> str:
        where = [f'row {self.row}'] if self.row is not None else []
        if self.image_id:
            where.append(f'image {self.image_id!r}')
        place = f' {", ".join(where)}:' if where else ''
        return f'[{self.kind}]{place} {self.message}'


@dataclass
class SubmissionReport:
    """The result of checking a submission file.

    Args:
        path (str): The file checked.
        num_rows (int): Its data rows. Defaults to 0.
        num_images (int): The images it has rows for. Defaults to 0.
        problems (list[SubmissionProblem]): What was found.
        kinds (tuple[str]): The kinds of problem a check may report, in
            the order the summary counts them. Defaults to
            :data:`SUBMISSION_PROBLEM_KINDS`.
    """
    path: str
    num_rows: int = 0
    num_images: int = 0
    problems: List[SubmissionProblem] = field(default_factory=list)
    kinds: Tuple[str, ...] = field(
        default=SUBMISSION_PROBLEM_KINDS, repr=False)

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self,
            kind: str,
            message: str,
            row: Optional[int] = None,
            image_id: str = '') -> None:
        assert kind in self.kinds, kind
        self.problems.append(SubmissionProblem(kind, message, row, image_id))

    def check_header(self, found: List[str], header: List[str]) -> None:
        """Report a header that differs from ``header`` (row 1)."""
        if found == header:
            return
        missing = [c for c in header if c not in found]
        extra = [c for c in found if c not in header]
        if missing or extra:
            self.add(
                'wrong_column', f'header {found} differs from the '
                f'expected {header}: missing {missing}, unexpected '
                f'{extra}',
                row=1)
        else:
            self.add(
                'wrong_column', f'columns {found} are in another order '
                f'than the expected {header}',
                row=1)

    def summary(self, max_listed: Optional[int] = 30) -> str:
        head = (f'{self.path}: {self.num_rows} row(s), {self.num_images} '
                'image(s)')
        if self.ok:
            return f'{head}; no problems found.'
        counts = Counter(p.kind for p in self.problems)
        lines = [
            f'{head}; {len(self.problems)} problem(s): ' +
            ', '.join(f'{counts[k]} {k}' for k in self.kinds if counts[k])
        ]
        listed = self.problems[:max_listed] if max_listed else self.problems
        lines += [f'  {p}' for p in listed]
        if len(listed) < len(self.problems):
            lines.append(f'  ... and {len(self.problems) - len(listed)} more')
        return '\n'.join(lines)
