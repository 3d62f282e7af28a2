"""Convert colour masks (one RGB colour per class) to index masks.

Without OUT_DIR, lists the colours found in the masks with their pixel
counts and the number of masks holding each (the mask itself when few do:
a stray colour is named), and a palette to start from. With OUT_DIR,
writes one 8-bit index PNG per mask, same relative path and name,
atomically. A mask holding a colour outside the palette is named with its
colours and pixel counts and not written (exit 1), unless
--unknown-to-ignore sets those pixels to the ignore index. A mask that does
not decode, and each grayscale mask among colour masks (or the reverse),
is named on a line of its own (exit 1); the others are still converted.
Without --palette, the palette is every colour found (black first as
'background'). Prints the metainfo line for the config. With --img-dir,
checks that every mask has its photo (same split folder, the mask suffix
replaced by --img-suffix, same size) and every photo a mask.

Examples:
    # which colours are there?
    python tools/dataset_converters/masks_to_index.py data/cells/masks \
        --mask-suffix _mask.png
    # convert, split folders (masks/train, masks/val...) kept, pairs checked
    python tools/dataset_converters/masks_to_index.py data/cells/masks \
        data/cells/index_masks --mask-suffix _mask.png \
        --palette cell=0,0,0 membrane=255,0,0 \
        --img-dir data/cells/images --img-suffix .jpg
"""
import argparse
import sys

from landmark.segmentation.datasets.converters import (
    ColourMaskError, check_pairs, convert_colour_masks, mixed_mask_kinds,
    palette_from_colours, parse_palette, survey_masks)

# a colour in at most this many masks (and at most a quarter of them) is
# shown with the (first) mask holding it
NAMED_BELOW = 3


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog='\n'.join(__doc__.splitlines()[1:]))
    parser.add_argument('mask_dir', help='folder of colour masks')
    parser.add_argument(
        'out_dir',
        nargs='?',
        help='where the index masks go (omit it to list the colours)')
    parser.add_argument(
        '--palette',
        nargs='+',
        metavar='NAME=R,G,B',
        help='classes in index order, each with its colour (default: the '
        'colours found in the masks)')
    parser.add_argument(
        '--mask-suffix',
        default='.png',
        help='how mask file names end (default .png, e.g. _mask.png)')
    parser.add_argument(
        '--img-dir',
        help='folder of the photos (same split folders as the masks): '
        'check that each mask has its photo, of its size, and each photo '
        'a mask')
    parser.add_argument(
        '--img-suffix',
        default='.jpg',
        help='how photo names end (default .jpg), with --img-dir')
    parser.add_argument(
        '--ignore-index',
        type=int,
        default=255,
        help='index of pixels left out of training and metrics (default '
        '255, the configs\' ignore_index)')
    parser.add_argument(
        '--unknown-to-ignore',
        action='store_true',
        help='write masks with colours outside the palette, those pixels '
        'set to --ignore-index (default: report them, write nothing)')
    return parser.parse_args(argv)


def _print_colours(survey, with_problems: bool) -> int:
    """The colours with their pixels and masks, and (``with_problems``)
    the problem lines on stderr. Returns the number of problems."""
    counts, num_masks = survey.pixels, len(survey.mode_of)
    total = sum(counts.values()) or 1
    print(f'{len(counts)} colour(s) in {num_masks} mask(s):')
    for colour, n in counts.most_common():
        held = survey.masks[colour]
        where = f'in {held} of {num_masks} masks'
        if held <= min(NAMED_BELOW, num_masks // 4):  # a rare colour
            where += (f' ({survey.first[colour]})'
                      if held == 1 else f' (first {survey.first[colour]})')
        print('  {:3d},{:3d},{:3d}'.format(*colour) +
              f'  {n:12d} px  {100 * n / total:6.2f} %  {where}')
    problems = survey.problem_lines() if with_problems else []
    for line in problems:
        print(line, file=sys.stderr)
    return len(problems)


def _palette_line(palette) -> str:
    return '--palette ' + ' '.join('{}={},{},{}'.format(name, *colour)
                                   for name, colour in palette)


def _metainfo_line(palette) -> str:
    names = ', '.join(repr(name) for name, _ in palette)
    if len(palette) == 1:
        names += ','
    colours = ', '.join(str(list(colour)) for _, colour in palette)
    return f'metainfo = dict(classes=({names}), palette=[{colours}])'


def _check_pairs(args) -> int:
    """Print the pairing of photos and masks (with --img-dir); the number
    of problems."""
    if not args.img_dir:
        return 0
    good, problems = check_pairs(args.mask_dir, args.img_dir, args.mask_suffix,
                                 args.img_suffix)
    for line in problems:
        print(line, file=sys.stderr)
    print(f'{good} pair(s) of photo and mask, {len(problems)} problem(s)')
    return len(problems)


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        pair_problems = _check_pairs(args)
        palette = parse_palette(args.palette) if args.palette else None
        mask_problems = 0
        if palette is None or args.out_dir is None:
            survey = survey_masks(args.mask_dir, args.mask_suffix)
            # converting names the problems itself
            mask_problems = _print_colours(survey, args.out_dir is None)
            if palette is None:
                palette = palette_from_colours(survey.pixels)
                print('palette from the colours found (rename the classes):'
                      f'\n  {_palette_line(palette)}')
        if args.out_dir is None:
            print(_metainfo_line(palette))
            return 1 if pair_problems or mask_problems else 0
        report = convert_colour_masks(args.mask_dir, args.out_dir, palette,
                                      args.mask_suffix, args.ignore_index,
                                      args.unknown_to_ignore)
    except ColourMaskError as err:
        print(f'error: {err}', file=sys.stderr)
        return 2
    problems = list(report.problem_lines(args.ignore_index))
    for line in problems:
        print(line, file=sys.stderr)
    total = sum(report.pixels.values()) or 1
    shares = ', '.join(f'{name} {100 * report.pixels[i] / total:.2f} %'
                       for i, (name, _) in enumerate(palette))
    print(f'wrote {len(report.written)} index mask(s) to {args.out_dir} '
          f'(pixels: {shares}); {len(report.skipped)} not written')
    print('for the config:\n  ' + _metainfo_line(palette))
    # unknown colours set to the ignore index are reported, not failed
    failed = report.skipped or mixed_mask_kinds(report.mode_of)
    return 1 if failed or pair_problems else 0


if __name__ == '__main__':
    sys.exit(main())
