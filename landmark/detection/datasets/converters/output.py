"""How every converter tool ends: report, write atomically, exit code."""
import sys
from typing import TextIO

from landmark.core.atomic_io import dump_json_atomic
from landmark.core.data_problems import ProblemLog


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
