"""What the fuzz tests of the readers of user files share: valid text
mutated (Hypothesis strategies), every prefix of a small file, and the
check that a refusal is one line per problem naming the file.

Mutations: a field replaced by an odd value (wrong type, huge or negative
number, NaN, unicode digits, a quote, a field longer than the csv module
reads), dropped, duplicated or swapped with another; a line dropped,
duplicated, swapped or replaced by random unicode; a BOM, CRLF or CR line
ends, a NUL byte, truncation at any byte, an empty file; now and then one
byte flipped (invalid UTF-8).

``LANDMARK_FUZZ_EXAMPLES`` (default 30) sets the examples per reader; with
it set, examples are drawn at random instead of from a fixed seed (the
same variable as ``test_fuzz_readers.py``).
"""
import collections
import os
import re
from typing import Iterable, Iterator

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get('LANDMARK_FUZZ_EXAMPLES', '30'))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize='LANDMARK_FUZZ_EXAMPLES' not in os.environ,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
        HealthCheck.data_too_large
    ])

ODD_VALUES = [
    '', '-1', '0', '-0', '1e308', '-1e308', '99999999999999999999',
    '-99999999999999999999', '4294967297', 'nan', 'NaN', 'inf', '-inf',
    '1.5', '0x10', ' 7 ', '+3', 'abc', 'é', '東京', '\ufeff', '²', '١٢',
    '１２', 'Ⅻ', '"', '"a', "'", ',', ';', '\t', '\r', '\x00', '<', '&',
    '{}', '[]', 'null', 'true', '1,2', '1 2 3', '1 -2', '2 1 1 1',
    '../../x.jpg', '/etc/passwd', 'a/b.jpg', 'a' * 300, 'x' * 140000
]
# a field: what lies between the separators of CSV text
FIELD = re.compile(r'[^,\n"]+')
MUTATIONS = ('replace_field', 'replace_field', 'replace_field', 'drop_field',
             'dup_field', 'swap_fields', 'drop_line', 'dup_line',
             'swap_lines', 'unicode_line', 'bom', 'crlf', 'cr', 'nul',
             'truncate', 'empty')


@st.composite
def mutated_text(draw, text: str) -> bytes:
    """``text`` with 1 to 3 mutations (see the module), as bytes."""
    for _ in range(draw(st.integers(1, 3))):
        lines = text.split('\n')
        kind = draw(st.sampled_from(MUTATIONS))
        fields = list(FIELD.finditer(text))
        if kind.endswith('field') or kind == 'swap_fields':
            if not fields:
                continue
            a = draw(st.sampled_from(fields))
            b = draw(st.sampled_from(fields))
            if kind == 'replace_field':
                new = draw(st.sampled_from(ODD_VALUES) | st.text(max_size=6))
            elif kind == 'drop_field':
                new = ''
            elif kind == 'dup_field':
                new = a.group() + ',' + a.group()
            else:  # swap: a takes b's value
                new = b.group()
            text = text[:a.start()] + new + text[a.end():]
        elif kind in ('drop_line', 'dup_line', 'swap_lines', 'unicode_line'):
            i = draw(st.integers(0, len(lines) - 1))
            j = draw(st.integers(0, len(lines) - 1))
            if kind == 'drop_line':
                del lines[i]
            elif kind == 'dup_line':
                lines.insert(i, lines[i])
            elif kind == 'swap_lines':
                lines[i], lines[j] = lines[j], lines[i]
            else:
                lines[i] = draw(st.text(max_size=40))
            text = '\n'.join(lines)
        elif kind == 'bom':
            text = '\ufeff' + text
        elif kind == 'crlf':
            text = text.replace('\n', '\r\n')
        elif kind == 'cr':
            text = text.replace('\n', '\r')
        elif kind == 'nul':
            i = draw(st.integers(0, len(text)))
            text = text[:i] + '\x00' + text[i:]
        elif kind == 'truncate':
            text = text[:draw(st.integers(0, len(text)))]
        else:
            text = ''
    data = text.encode('utf-8', errors='surrogatepass')
    if draw(st.booleans()) and data:  # a flipped byte now and then
        i = draw(st.integers(0, len(data) - 1))
        data = data[:i] + bytes([draw(st.integers(0, 255))]) + data[i + 1:]
    return data


def every_prefix(text: str) -> Iterator[bytes]:
    """The file cut after each of its bytes (the empty file first, the
    whole file last), as a crash mid-write or a partial download leaves
    it; a cut inside a UTF-8 character is invalid UTF-8."""
    data = text.encode('utf-8')
    for end in range(len(data) + 1):
        yield data[:end]


def assert_lines_name(message: str, path: str) -> None:
    """A refusal: one or more lines, each naming ``path``, no traceback."""
    assert message.strip(), 'an empty error message'
    assert 'Traceback' not in message, message
    for line in message.splitlines():
        assert str(path) in line, f'{line!r} does not name {path}'


class Outcomes:
    """Counts of read / refused inputs per reader, printed at the end of a
    module (``pytest -s``)."""

    def __init__(self):
        self.counts = collections.defaultdict(collections.Counter)

    def add(self, reader: str, outcome: str) -> None:
        self.counts[reader][outcome] += 1

    def lines(self) -> Iterable[str]:
        for reader, counts in sorted(self.counts.items()):
            yield (f'fuzzed {reader}: {sum(counts.values())} inputs, '
                   f'{dict(counts)}, 0 tracebacks')
