"""Decode every photo named on stdin under landmark's one decode policy
(``landmark.core.image_files``) and print one JSON line per photo, the
photo's name printed (and flushed) first: when a library crashes the
process (a segfault), the last name printed is the photo that did it.

Run by ``test_fuzz_image_bytes.py`` in a subprocess."""
import json
import sys

from landmark.core.image_files import (ImageReadError, check_image_file,
                                       read_image_header)


def main() -> int:
    for line in sys.stdin:
        path = line.rstrip('\n')
        print(json.dumps(dict(start=path)), flush=True)
        outcome = dict(path=path)
        try:
            read_image_header(path)
            width, height = check_image_file(path)
            outcome.update(decoded=[width, height])
        except ImageReadError as err:
            outcome.update(refused=str(err))
        except Exception as err:  # noqa: B902 (what the test looks for)
            outcome.update(crashed=f'{type(err).__name__}: {err}')
        print(json.dumps(outcome), flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
