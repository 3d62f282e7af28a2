"""How every converter tool ends: report, write atomically, exit code."""
import sys
from typing import Callable, TextIO, Tuple

from landmark.core.atomic_io import dump_json_atomic
from landmark.core.data_problems import DataProblemError, ProblemLog

# what bad input raises: a missing file, an unreadable one, or the first
# problem in strict mode; the tools exit with code 2 on them
DATA_ERRORS = (FileNotFoundError, ValueError, DataProblemError)


def write_converted(coco: dict,
                    log: ProblemLog,
                    out_file: str,
                    stream: TextIO = sys.stdout) -> int:
    """Write ``coco`` to ``out_file`` and report what was skipped or fixed.

    Returns:
        int: The process exit code: 1 if any item was skipped (the file still
        holds every good item), else 0.
    """
    dump_json_atomic(coco, out_file)
    num_boxes = len(coco.get('annotations', []))
    print(
        f'Wrote {out_file}: {len(coco["images"])} images, {num_boxes} boxes, '
        f'{len(coco["categories"])} classes '
        f'({", ".join(c["name"] for c in coco["categories"])})',
        file=stream)
    if log.problems:
        print(log.summary(), file=stream)
    if log.num_skipped:
        print(
            f'{log.num_skipped} item(s) skipped; fix them and convert again, '
            'or use the file as it is.',
            file=stream)
        return 1
    return 0


def run_converter(convert: Callable[[], Tuple[dict, ProblemLog]],
                  out_file: str) -> int:
    """Run a converter and end as every converter tool ends.

    Args:
        convert (callable): Returns the COCO dictionary and the problem log.
        out_file (str): Where the COCO JSON goes.

    Returns:
        int: The exit code: 2 if the input cannot be converted (the error
        is printed, nothing is written), else that of
        :func:`write_converted`.
    """
    try:
        coco, log = convert()
    except DATA_ERRORS as err:
        print(f'error: {err}', file=sys.stderr)
        return 2
    return write_converted(coco, log, out_file)
