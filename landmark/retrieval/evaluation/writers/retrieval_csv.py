"""The Kaggle landmark-retrieval CSV: ``id,images``, one row per query,
its gallery image ids best first, space separated; written atomically,
read back and checked with the shared submission report (every problem
one line naming its row)."""
import csv
import os.path as osp
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from landmark.core.csv_files import open_csv, reading_csv
from landmark.core.submission import (SUBMISSION_PROBLEM_KINDS,
                                      SubmissionReport, write_csv_rows)

RETRIEVAL_HEADER = ('id', 'images')
RECOGNITION_HEADER = ('id', 'landmarks')
# the kinds of problem of this format, after the shared ones
RETRIEVAL_PROBLEM_KINDS = SUBMISSION_PROBLEM_KINDS + (
    'duplicate_result',  # a gallery id twice in one row
    'too_many_results',  # more ids than the format allows (100 on Kaggle)
)


class RetrievalCsvError(ValueError):
    """A retrieval CSV does not have the expected content; the message
    has one line per problem, each naming its row."""


def write_retrieval_csv(path: str,
                        results: Iterable[Tuple[str, Sequence[str]]]) -> int:
    """Write ``(query_id, [gallery_id, ...])`` pairs as ``id,images``,
    atomically (a temporary file renamed once complete).

    Returns:
        int: Rows written.

    Examples:
        >>> write_retrieval_csv('submission.csv', [('q1', ['g7', 'g2'])])
        1
    """
    return write_csv_rows(path, RETRIEVAL_HEADER,
                          ((q, ' '.join(g)) for q, g in results))


def write_recognition_csv(path: str, rows: Iterable[Tuple[str, str]]) -> int:
    """Write the Kaggle recognition CSV, ``id,landmarks`` (the cell
    ``"<landmark_id> <confidence>"``, from
    :func:`~landmark.retrieval.postprocess.recognition_rows`), atomically.

    Returns:
        int: Rows written.
    """
    return write_csv_rows(path, RECOGNITION_HEADER, rows)


def check_retrieval_csv(path: str,
                        query_ids: Optional[Iterable[str]] = None,
                        gallery_ids: Optional[Iterable[str]] = None,
                        max_results: int = 100) -> SubmissionReport:
    """Check a retrieval CSV: the header, one row per query (and, with
    ``query_ids``, none for another id), known gallery ids, no id twice in
    a row, at most ``max_results`` ids.

    Args:
        path (str): The CSV.
        query_ids (Iterable[str], optional): Every query must have a row,
            and every row a query.
        gallery_ids (Iterable[str], optional): The ids results may name.
        max_results (int): Ids per row at most. Defaults to 100.

    Returns:
        SubmissionReport: ``report.ok``, ``report.summary()``.
    """
    report = SubmissionReport(path, kinds=RETRIEVAL_PROBLEM_KINDS)
    if not osp.isfile(path):
        report.add(
            'wrong_column', 'file does not exist; expected a CSV '
            'with header id,images')
        return report
    gallery = None if gallery_ids is None else set(gallery_ids)
    queries = None if query_ids is None else set(query_ids)
    seen: Dict[str, int] = {}
    with reading_csv(path), open_csv(path) as f:
        reader = csv.reader(f)
        header = next(reader, [])
        report.check_header(header, list(RETRIEVAL_HEADER))
        if not report.ok:
            return report
        for row_no, cells in enumerate(reader, start=2):
            report.num_rows += 1
            _check_row(report, row_no, cells, seen, queries, gallery,
                       max_results)
    report.num_images = len(seen)
    if queries is not None:
        for query in sorted(queries - set(seen)):
            report.add(
                'missing_image', 'query without a row; expected one '
                'row per query',
                image_id=query)
    return report


def _check_row(report: SubmissionReport, row_no: int, cells: List[str],
               seen: Dict[str, int], queries: Optional[set],
               gallery: Optional[set], max_results: int) -> None:
    if len(cells) != 2:
        report.add(
            'wrong_column', f'{len(cells)} cell(s); expected 2 '
            '(id,images)',
            row=row_no)
        return
    query, images = cells[0].strip(), cells[1].split()
    if not query:
        report.add(
            'missing_value', 'empty id; expected the query id', row=row_no)
        return
    if query in seen:
        report.add(
            'duplicate_image', f'query already in row {seen[query]}; '
            'expected one row per query', row_no, query)
        return
    seen[query] = row_no
    if queries is not None and query not in queries:
        report.add(
            'unknown_image', 'not a query id; expected the id of a '
            'query', row_no, query)
    if len(images) > max_results:
        report.add(
            'too_many_results', f'{len(images)} gallery ids; '
            f'expected at most {max_results}', row_no, query)
    repeated = sorted({g for g in images if images.count(g) > 1})
    if repeated:
        report.add(
            'duplicate_result', f'gallery id(s) {repeated[:3]} more '
            'than once; expected each at most once', row_no, query)
    if gallery is not None:
        unknown = [g for g in images if g not in gallery]
        if unknown:
            report.add(
                'unknown_image', f'{len(unknown)} unknown gallery '
                f'id(s), e.g. {unknown[:3]}; expected ids of the '
                'gallery', row_no, query)


def read_retrieval_csv(path: str,
                       query_ids: Optional[Iterable[str]] = None,
                       gallery_ids: Optional[Iterable[str]] = None,
                       max_results: int = 100) -> Dict[str, List[str]]:
    """``{query_id: [gallery_id, ...]}`` of a valid CSV.

    Raises:
        RetrievalCsvError: The problems :func:`check_retrieval_csv`
            found, one line each.
    """
    report = check_retrieval_csv(path, query_ids, gallery_ids, max_results)
    if not report.ok:
        raise RetrievalCsvError('\n'.join(f'{path}: {p}'
                                          for p in report.problems))
    with reading_csv(path), open_csv(path) as f:
        reader = csv.reader(f)
        next(reader)
        # blank lines are no rows, as for the check
        return {row[0].strip(): row[1].split() for row in reader if row}
