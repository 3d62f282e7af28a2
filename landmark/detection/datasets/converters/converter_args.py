"""The command-line flags the data set tools share (the converters of
``tools/dataset_converters/`` and ``tools/check_dataset.py``)."""
import argparse

from landmark.core.tool_args import (add_max_decode_pixels_arg,
                                     apply_max_decode_pixels)
from landmark.detection.datasets.coco_builder import BOX_OUTSIDE_POLICIES


def add_output_args(parser: argparse.ArgumentParser) -> None:
    """``--out`` (the COCO JSON written) and ``--classes``."""
    parser.add_argument('--out', required=True, help='output COCO JSON')
    parser.add_argument(
        '--classes',
        nargs='+',
        help='known class names in order (default: those found, sorted)')


def add_problem_args(parser: argparse.ArgumentParser) -> None:
    """``--box-outside`` and ``--strict``: what a bad item does."""
    parser.add_argument(
        '--box-outside',
        choices=list(BOX_OUTSIDE_POLICIES),
        default='clip',
        help='a box reaching outside its image is clipped with a warning, '
        'or skipped as an error (default: clip)')
    parser.add_argument(
        '--strict', action='store_true', help='stop at the first problem')


def add_image_check_args(parser: argparse.ArgumentParser) -> None:
    """``--fast`` (header-only check) and ``--max-decode-pixels``: how the
    photos are checked. Call :func:`image_check_kwargs` after parsing."""
    parser.add_argument(
        '--fast',
        '--no-decode',
        dest='fast',
        action='store_true',
        help='read image headers only (fast; a photo truncated after its '
        'header is not found). Default: decode every photo in full')
    add_max_decode_pixels_arg(parser)


def image_check_kwargs(args: argparse.Namespace) -> dict:
    """Apply ``--max-decode-pixels`` and return ``full_decode`` for a
    converter or a check."""
    apply_max_decode_pixels(args)
    return dict(full_decode=not args.fast)


def add_box_converter_args(parser: argparse.ArgumentParser) -> None:
    """Every flag of a converter of boxes (VOC, CSV): output, problems,
    image checks and ``--exif-rotate-boxes``. Call
    :func:`box_converter_kwargs` after parsing."""
    add_output_args(parser)
    add_problem_args(parser)
    add_image_check_args(parser)
    parser.add_argument(
        '--exif-rotate-boxes',
        action='store_true',
        help='boxes of EXIF-rotated photos whose annotated size is the '
        'stored one were drawn on the stored pixels: rotate them into the '
        'displayed frame (the convention: boxes are in the displayed frame, '
        'as OpenCV decodes)')


def box_converter_kwargs(args: argparse.Namespace) -> dict:
    """The keyword arguments of ``convert_voc_to_coco`` /
    ``convert_csv_to_coco`` that the flags of
    :func:`add_box_converter_args` give."""
    return dict(
        classes=args.classes,
        box_outside=args.box_outside,
        strict=args.strict,
        exif_rotate_boxes=args.exif_rotate_boxes,
        **image_check_kwargs(args))


def box_converter_parser(doc: str, source: str, source_help: str,
                         img_dir_help: str,
                         img_dir_required: bool) -> argparse.ArgumentParser:
    """The parser of a converter tool of boxes: its input (``source``),
    ``--img-dir`` and the flags of :func:`add_box_converter_args`.

    Args:
        doc (str): The tool's docstring (its first line describes it).
        source (str): Name of the positional input argument.
        source_help (str): Its help.
        img_dir_help (str): Help of ``--img-dir``.
        img_dir_required (bool): Whether ``--img-dir`` must be given.
    """
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument(source, help=source_help)
    parser.add_argument(
        '--img-dir', required=img_dir_required, help=img_dir_help)
    add_box_converter_args(parser)
    return parser
