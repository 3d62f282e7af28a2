"""Read a user's CSV file so that text that is no CSV is refused with one
line naming the file, never a traceback.

Python's ``csv`` module and text decoding fail with messages that name no
file (``'utf-8' codec can't decode byte 0xbb in position 1``, ``field
larger than field limit (131072)``); the readers of label, retrieval and
run-length CSVs open their file with :func:`open_csv` inside
:func:`reading_csv`, which turns those failures into a
:class:`CsvFileError` that names the file and what was expected.
"""
import contextlib
import csv
from typing import Iterator, TextIO


class CsvFileError(ValueError):
    """A file that is not UTF-8 CSV text; the message is one line naming
    the file."""


@contextlib.contextmanager
def reading_csv(path: str, expected: str = 'a UTF-8 CSV file'
                ) -> Iterator[None]:
    """Turn a decoding or ``csv`` error raised inside the block into a
    :class:`CsvFileError` naming ``path``.

    Args:
        path (str): The file being read.
        expected (str): What the file should be, for the message.

    Examples:
        >>> with reading_csv(path), open_csv(path) as f:
        ...     rows = list(csv.reader(f))
    """
    try:
        yield
    except UnicodeDecodeError as err:
        raise CsvFileError(
            f'{path}: byte {err.start} (0x{err.object[err.start]:02x}) is '
            f'not UTF-8 text; expected {expected} (save it as UTF-8)'
        ) from None
    except csv.Error as err:
        message = ' '.join(str(err).split())
        raise CsvFileError(f'{path}: {message}; expected {expected}') \
            from None


def open_csv(path: str) -> TextIO:
    """``path`` opened for the ``csv`` module: UTF-8, a byte-order mark
    (Excel's "CSV UTF-8") skipped, line ends left to the reader.

    Raises:
        FileNotFoundError: ``path`` does not exist (names it).
        CsvFileError: ``path`` cannot be opened (a folder, no permission).
    """
    try:
        return open(path, newline='', encoding='utf-8-sig')
    except FileNotFoundError:
        raise FileNotFoundError(f'{path}: does not exist; expected a CSV '
                                'file') from None
    except OSError as err:
        raise CsvFileError(f'{path}: cannot be read ({err.strerror}); '
                           'expected a CSV file') from None
