"""Write the rows of a CSV file atomically and read them back against the
expected header."""
import csv
from typing import Dict, Iterable, Iterator, Sequence, Tuple

from landmark.core.atomic_io import atomic_open


def write_csv_rows(path: str, header: Sequence[str],
                   rows: Iterable[Sequence[str]]) -> int:
    """Write ``header`` and ``rows`` to ``path`` atomically (a temporary
    file, renamed once the last row is written).

    Args:
        path (str): Destination ``.csv``.
        header (Sequence[str]): The column names.
        rows (Iterable[Sequence[str]]): The data rows, streamed.

    Returns:
        int: The number of data rows written.
    """
    count = 0
    with atomic_open(path, 'w', newline='', encoding='utf-8') as f:
        writer = csv.writer(f)
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def read_csv_rows(
        path: str,
        header: Sequence[str]) -> Iterator[Tuple[int, Dict[str, str]]]:
    """The rows of a CSV file whose header must be ``header``.

    Yields:
        tuple[int, dict]: The row's line number (the header is line 1) and
        its cells (column -> text).

    Raises:
        ValueError: The header differs, or the file is not UTF-8 text CSV
            (a NUL byte, a field beyond the csv module's limit); names the
            file (and the line).
    """
    # utf-8-sig: a byte-order mark (Excel's "CSV UTF-8") is not a header
    with open(path, newline='', encoding='utf-8-sig') as f:
        reader = csv.DictReader(f)
        try:
            if reader.fieldnames != list(header):
                raise ValueError(f'{path}: header {reader.fieldnames} '
                                 f'differs from the expected {list(header)}')
            for values in reader:
                yield reader.line_num, values
        except (UnicodeDecodeError, csv.Error) as err:
            raise ValueError(
                f'{path}, line {reader.line_num + 1}: not a UTF-8 CSV '
                f'file ({err})') from None
