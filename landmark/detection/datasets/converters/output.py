"""How every converter tool ends: report, write atomically, exit code."""
import argparse
import sys
from typing import Callable, Optional, TextIO, Tuple

from landmark.core.atomic_io import dump_json_atomic
from landmark.core.data_problems import DataProblemError, ProblemLog
from landmark.core.image_files import decode_check_note
from landmark.detection.datasets.converters.converter_args import \
    box_converter_kwargs

# what bad input raises: a missing file, an unreadable one, or the first
# problem in strict mode; the tools exit with code 2 on them
DATA_ERRORS = (FileNotFoundError, ValueError, DataProblemError)


def write_converted(coco: dict,
                    log: ProblemLog,
                    out_file: str,
                    stream: Optional[TextIO] = None,
                    full_decode: bool = True) -> int:
    """Write ``coco`` to ``out_file`` and report what was skipped or fixed.

    Args:
        coco (dict): The COCO dictionary.
        log (ProblemLog): The problems found.
        out_file (str): Where the JSON goes (written atomically).
        stream (TextIO, optional): Where the report goes. Defaults to the
            current ``sys.stdout``.
        full_decode (bool): Whether the photos were decoded in full (said
            in the summary). Defaults to True.

    Returns:
        int: The process exit code: 1 if any item was skipped (the file still
        holds every good item), else 0.
    """
    stream = stream or sys.stdout
    dump_json_atomic(coco, out_file)
    num_boxes = len(coco.get('annotations', []))
    print(
        f'Wrote {out_file}: {len(coco["images"])} images, {num_boxes} boxes, '
        f'{len(coco["categories"])} classes '
        f'({", ".join(c["name"] for c in coco["categories"])}); '
        f'{decode_check_note(full_decode)}',
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
                  out_file: str,
                  full_decode: bool = True) -> int:
    """Run a converter and end as every converter tool ends.

    Args:
        convert (callable): Returns the COCO dictionary and the problem log.
        out_file (str): Where the COCO JSON goes.
        full_decode (bool): Whether ``convert`` decodes the photos in full
            (said in the summary). Defaults to True.

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
    return write_converted(coco, log, out_file, full_decode=full_decode)


def run_box_converter(convert: Callable[..., Tuple[dict, ProblemLog]],
                      source: str, args: argparse.Namespace) -> int:
    """Run a converter of boxes (``convert_voc_to_coco``,
    ``convert_csv_to_coco``) with the flags of ``box_converter_parser``.

    Args:
        convert (callable): ``convert(source, img_dir, **kwargs)``.
        source (str): The input (annotation folder or file).
        args (argparse.Namespace): The parsed flags.

    Returns:
        int: The exit code of :func:`run_converter`.
    """
    kwargs = box_converter_kwargs(args)
    return run_converter(lambda: convert(source, args.img_dir, **kwargs),
                         args.out, kwargs['full_decode'])
