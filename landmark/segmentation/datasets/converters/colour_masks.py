"""Colour masks (one RGB colour per class, as many public data sets ship
them) to index masks (one class index per pixel), which mmseg trains on.

A palette is given as ``name=R,G,B`` pairs, or read from the masks: every
colour found, with its pixel count. Index masks are written atomically as
8-bit single-channel PNGs, keeping each mask's relative path and name (so
the data set's split folders and ``seg_map_suffix`` stay as they are).
"""
import io
import os
import os.path as osp
from collections import Counter
from dataclasses import dataclass, field
from typing import Dict, Iterator, List, Optional, Sequence, Tuple

import numpy as np
from PIL import Image, UnidentifiedImageError

from landmark.core.atomic_io import write_bytes_atomic
from landmark.core.image_files import (ImageReadError,
                                       check_image_before_loading)

Colour = Tuple[int, int, int]
# (name, colour) per class, in class-index order
Palette = List[Tuple[str, Colour]]


class ColourMaskError(ValueError):
    """A bad palette or mask; the message names it and what was expected."""


def parse_palette(pairs: Sequence[str]) -> Palette:
    """Classes and colours from ``name=R,G,B`` strings, in index order.

    Args:
        pairs (Sequence[str]): E.g. ``['background=0,0,0',
            'membrane=255,0,0']``.

    Returns:
        list[tuple[str, tuple[int, int, int]]]: ``(name, (R, G, B))``.

    Raises:
        ColourMaskError: A pair is malformed, a value is outside 0-255, or
            a name or colour is given twice.

    Examples:
        >>> parse_palette(['background=0,0,0', 'membrane=255,0,0'])
        [('background', (0, 0, 0)), ('membrane', (255, 0, 0))]
    """
    palette = []
    for pair in pairs:
        name, sep, rgb = pair.partition('=')
        values = rgb.split(',')
        if not sep or not name or len(values) != 3 or not all(
                v.strip().isdigit() and int(v) <= 255 for v in values):
            raise ColourMaskError(
                f'palette entry {pair!r}: expected name=R,G,B with R, G, B '
                'in 0-255 (e.g. membrane=255,0,0)')
        palette.append((name, tuple(int(v) for v in values)))
    names = [n for n, _ in palette]
    colours = [c for _, c in palette]
    for kind, items in (('class name', names), ('colour', colours)):
        twice = [i for i, n in Counter(items).items() if n > 1]
        if twice:
            raise ColourMaskError(f'palette: {kind} {twice[0]} given twice; '
                                  'expected one colour per class')
    if not palette:
        raise ColourMaskError('palette: no classes; expected name=R,G,B '
                              'pairs')
    return palette


def find_masks(mask_dir: str, mask_suffix: str = '.png') -> List[str]:
    """Mask files under ``mask_dir`` (sub-folders too) whose names end in
    ``mask_suffix``, as paths relative to ``mask_dir``, sorted.

    Raises:
        ColourMaskError: The folder does not exist or holds no such file.
    """
    if not osp.isdir(mask_dir):
        raise ColourMaskError(f'{mask_dir}: no such folder; expected the '
                              'folder of colour masks')
    found = sorted(
        osp.relpath(osp.join(root, name), mask_dir)
        for root, _, names in os.walk(mask_dir) for name in names
        if name.endswith(mask_suffix) and not name.startswith('.'))
    if not found:
        others = Counter(
            osp.splitext(name)[1] for _, _, names in os.walk(mask_dir)
            for name in names)
        seen = ', '.join(f'{n} {ext or "(none)"}'
                         for ext, n in others.most_common(3)) or 'nothing'
        raise ColourMaskError(
            f'{mask_dir}: no file ending in {mask_suffix!r} (found {seen}); '
            'expected the masks, or give their suffix (--mask-suffix)')
    return found


def read_colour_mask(path: str) -> np.ndarray:
    """``(H, W, 3)`` uint8 RGB of a mask file; a grayscale mask's value
    ``v`` reads as ``(v, v, v)``, a palette PNG as its colours.

    Raises:
        ColourMaskError: The file does not decode, or holds 16-bit values.
    """
    return _read_mask(path)[0]


def _read_mask(path: str) -> Tuple[np.ndarray, str]:
    """:func:`read_colour_mask` and the file's PIL mode."""
    try:
        with Image.open(path) as image:
            if image.mode in ('I', 'I;16', 'I;16B', 'F'):
                raise ColourMaskError(
                    f'{path}: a {image.mode} (16/32-bit) image; expected an '
                    '8-bit colour, grayscale or palette mask')
            return np.asarray(image.convert('RGB')), image.mode
    except (OSError, UnidentifiedImageError) as err:
        raise ColourMaskError(f'{path}: cannot read it as an image ({err}); '
                              'expected a PNG colour mask') from None


# PIL modes of masks that hold grey values, not colours
GREY_MODES = ('1', 'L', 'LA')


def mixed_mask_kinds(mode_of: Dict[str, str], limit: int = 20) -> List[str]:
    """One line per mask of the rarer kind when grayscale masks and colour
    masks are mixed (a grayscale value ``v`` reads as the colour
    ``(v, v, v)``, so its classes rarely match the colour masks').

    Args:
        mode_of (dict[str, str]): PIL mode per mask file.
        limit (int): Lines at most; one more says how many are left out.

    Examples:
        >>> lines = mixed_mask_kinds({'a.png': 'RGB', 'b.png': 'RGB',
        ...                           'c.png': 'L'})
        >>> lines[0].split(';')[0]
        'c.png: a grayscale (L) mask among 2 colour masks'
    """
    kinds = {
        path: 'grayscale' if mode in GREY_MODES else 'colour'
        for path, mode in mode_of.items()
    }
    counts = Counter(kinds.values())
    if len(counts) < 2:
        return []
    (common, num_common), (rare, _) = counts.most_common()
    lines = [
        f'{path}: a {rare} ({mode_of[path]}) mask among {num_common} '
        f'{common} masks; its values read as grey colours (v,v,v); '
        f'expected masks of one kind (all colour or all grayscale)'
        for path in sorted(p for p, kind in kinds.items() if kind == rare)
    ]
    if len(lines) > limit:
        lines = lines[:limit] + [
            f'... and {len(lines) - limit} more '
            f'{rare} masks'
        ]
    return lines


def colour_counts(rgb: np.ndarray) -> Counter:
    """Pixel count of each ``(R, G, B)`` colour of an ``(H, W, 3)`` mask."""
    flat = rgb.reshape(-1, 3).astype(np.uint32)
    codes = (flat[:, 0] << 16) | (flat[:, 1] << 8) | flat[:, 2]
    values, counts = np.unique(codes, return_counts=True)
    return Counter({
        (int(v >> 16), int(v >> 8 & 255), int(v & 255)): int(n)
        for v, n in zip(values, counts)
    })


def palette_from_colours(counts: Counter) -> Palette:
    """A palette of every colour found: black first (named ``background``)
    when present, then the others by falling pixel count, named
    ``class_R_G_B`` (rename them in the config). When every colour is a
    grey ``(v, v, v)`` (grayscale masks, whose values are most likely
    class indices already) they are in the order of ``v``, so that the
    palette keeps each value's index.

    Examples:
        >>> palette_from_colours(Counter({(2, 2, 2): 9, (1, 1, 1): 3}))
        [('class_1_1_1', (1, 1, 1)), ('class_2_2_2', (2, 2, 2))]
    """
    if all(r == g == b for r, g, b in counts):
        ordered = sorted(counts)
    else:
        ordered = sorted(counts, key=lambda c: (c != (0, 0, 0), -counts[c], c))
    return [('background' if c == (0, 0, 0) else 'class_{}_{}_{}'.format(*c),
             c) for c in ordered]


def colours_to_index(rgb: np.ndarray, palette: Palette,
                     ignore_index: int) -> Tuple[np.ndarray, Counter]:
    """The class index of each pixel, and the colours not in ``palette``
    (set to ``ignore_index``) with their pixel counts.

    Examples:
        >>> rgb = np.array([[[0, 0, 0], [255, 0, 0], [9, 9, 9]]], np.uint8)
        >>> index, unknown = colours_to_index(
        ...     rgb, [('bg', (0, 0, 0)), ('red', (255, 0, 0))], 255)
        >>> index.tolist(), dict(unknown)
        ([[0, 1, 255]], {(9, 9, 9): 1})
    """
    index = np.full(rgb.shape[:2], ignore_index, dtype=np.uint8)
    known = np.zeros(rgb.shape[:2], dtype=bool)
    for class_index, (_, colour) in enumerate(palette):
        hit = np.all(rgb == np.array(colour, dtype=np.uint8), axis=-1)
        index[hit] = class_index
        known |= hit
    unknown = colour_counts(rgb[~known][:, None, :]) if not known.all() \
        else Counter()
    return index, unknown


def encode_index_png(index: np.ndarray) -> bytes:
    """An 8-bit single-channel (``L``) PNG of ``index``."""
    buffer = io.BytesIO()
    Image.fromarray(index.astype(np.uint8), mode='L').save(buffer, 'PNG')
    return buffer.getvalue()


def _describe(colours: Counter, limit: int = 5) -> str:
    listed = ', '.join(f'({r},{g},{b}) {n} px'
                       for (r, g, b), n in colours.most_common(limit))
    more = len(colours) - limit
    return listed + (f' and {more} more' if more > 0 else '')


@dataclass
class ConversionReport:
    """What :func:`convert_colour_masks` did.

    Args:
        written (list[str]): Index masks written.
        unknown (dict[str, Counter]): Per mask file, its colours outside the
            palette and their pixel counts.
        skipped (list[str]): Masks not written (unknown colours without
            ``unknown_to_ignore``, or unreadable).
        pixels (Counter): Pixels per class index over the written masks.
        unreadable (dict[str, str]): Per mask that does not decode, why.
        mode_of (dict[str, str]): PIL mode per mask read.
    """
    written: List[str] = field(default_factory=list)
    unknown: Dict[str, Counter] = field(default_factory=dict)
    skipped: List[str] = field(default_factory=list)
    pixels: Counter = field(default_factory=Counter)
    unreadable: Dict[str, str] = field(default_factory=dict)
    mode_of: Dict[str, str] = field(default_factory=dict)

    def problem_lines(self, ignore_index: int) -> Iterator[str]:
        """One line per mask with unknown colours, per unreadable mask, and
        per mask of the rarer kind where grayscale and colour masks mix."""
        for path, colours in self.unknown.items():
            action = (f'set to ignore_index {ignore_index}'
                      if path not in self.skipped else 'not written')
            yield (f'{path}: {sum(colours.values())} px of {len(colours)} '
                   f'colour(s) not in the palette ({_describe(colours)}), '
                   f'{action}; expected only the palette\'s colours')
        yield from (f'{reason}, not written'
                    for reason in self.unreadable.values())
        yield from mixed_mask_kinds(self.mode_of)


@dataclass
class MaskSurvey:
    """The colours of a folder of masks (:func:`survey_masks`).

    Args:
        pixels (Counter): Pixels per ``(R, G, B)`` colour, over every mask.
        masks (Counter): Masks holding each colour.
        first (dict): The first mask (in path order) holding each colour.
        mode_of (dict[str, str]): PIL mode per mask read.
        unreadable (dict[str, str]): Per mask that does not decode, why.
    """
    pixels: Counter = field(default_factory=Counter)
    masks: Counter = field(default_factory=Counter)
    first: Dict[Colour, str] = field(default_factory=dict)
    mode_of: Dict[str, str] = field(default_factory=dict)
    unreadable: Dict[str, str] = field(default_factory=dict)

    def problem_lines(self) -> List[str]:
        """One line per unreadable mask, and per mask of the rarer kind
        where grayscale and colour masks mix."""
        return list(self.unreadable.values()) + mixed_mask_kinds(self.mode_of)


def survey_masks(mask_dir: str, mask_suffix: str = '.png') -> MaskSurvey:
    """Pixels and masks per colour over every mask under ``mask_dir``; an
    unreadable mask is recorded (file and reason) and left out.

    Raises:
        ColourMaskError: The folder does not exist or holds no mask.
    """
    survey = MaskSurvey()
    for rel in find_masks(mask_dir, mask_suffix):
        path = osp.join(mask_dir, rel)
        try:
            rgb, survey.mode_of[path] = _read_mask(path)
        except ColourMaskError as err:
            survey.unreadable[path] = str(err)
            continue
        counts = colour_counts(rgb)
        survey.pixels.update(counts)
        survey.masks.update(counts.keys())
        for colour in counts:
            survey.first.setdefault(colour, path)
    return survey


def count_mask_colours(mask_dir: str,
                       mask_suffix: str = '.png') -> Tuple[Counter, int]:
    """Pixel count of each colour over the readable masks, and the number of
    masks read (:func:`survey_masks` in short)."""
    survey = survey_masks(mask_dir, mask_suffix)
    return survey.pixels, len(survey.mode_of)


def convert_colour_masks(mask_dir: str,
                         out_dir: str,
                         palette: Palette,
                         mask_suffix: str = '.png',
                         ignore_index: int = 255,
                         unknown_to_ignore: bool = False) -> ConversionReport:
    """Write an index mask for every colour mask under ``mask_dir``.

    Each output keeps the mask's path relative to ``mask_dir`` (split
    folders and names unchanged) and is written atomically. A mask with
    colours outside ``palette`` is reported (file, colours, pixel counts)
    and not written, unless ``unknown_to_ignore``: then those pixels become
    ``ignore_index`` (left out of the loss and the metrics).

    Args:
        mask_dir (str): Folder of colour masks (sub-folders too).
        out_dir (str): Where the index masks go (may not be ``mask_dir``).
        palette (list): ``(name, (R, G, B))`` per class, in index order.
        mask_suffix (str): How mask file names end. Defaults to ``'.png'``.
        ignore_index (int): Index of unknown colours. Defaults to 255.
        unknown_to_ignore (bool): Write masks with unknown colours, those
            pixels set to ``ignore_index``. Defaults to False.

    Returns:
        ConversionReport: Masks written, skipped, unknown colours, pixels
        per class.

    Raises:
        ColourMaskError: A missing folder, no masks, a palette too long
            for 8-bit indices, or ``out_dir`` equal to ``mask_dir``.
    """
    if osp.abspath(out_dir) == osp.abspath(mask_dir):
        raise ColourMaskError(f'{out_dir}: the output folder is the mask '
                              'folder; expected another folder (the colour '
                              'masks are kept)')
    if len(palette) > 255 or len(palette) > ignore_index >= 0:
        raise ColourMaskError(
            f'{len(palette)} classes with ignore_index {ignore_index}; '
            'expected fewer classes than the ignore index (at most 255)')
    report = ConversionReport()
    for rel in find_masks(mask_dir, mask_suffix):
        source = osp.join(mask_dir, rel)
        try:
            rgb, report.mode_of[source] = _read_mask(source)
        except ColourMaskError as err:  # named, the others still converted
            report.unreadable[source] = str(err)
            report.skipped.append(source)
            continue
        index, unknown = colours_to_index(rgb, palette, ignore_index)
        if unknown:
            report.unknown[source] = unknown
            if not unknown_to_ignore:
                report.skipped.append(source)
                continue
        target = osp.join(out_dir, rel)
        write_bytes_atomic(encode_index_png(index), target)
        values, counts = np.unique(index, return_counts=True)
        report.pixels.update(dict(zip(values.tolist(), counts.tolist())))
        report.written.append(target)
    return report


def _size(path: str) -> Optional[Tuple[int, int]]:
    try:
        return check_image_before_loading(path)
    except ImageReadError:
        return None


def check_pairs(mask_dir: str, img_dir: str, mask_suffix: str,
                img_suffix: str) -> Tuple[int, List[str]]:
    """Pair each mask with its photo as ``MaskFolderDataset`` will: the same
    relative path (split folder), ``mask_suffix`` replaced by
    ``img_suffix``; both must exist, read, and have one size.

    Args:
        mask_dir (str): Folder of masks (``masks/{train,val,test}``).
        img_dir (str): Folder of photos (``images/{train,val,test}``).
        mask_suffix (str): How mask names end (``'_mask.png'``).
        img_suffix (str): How photo names end (``'.jpg'``).

    Returns:
        tuple[int, list[str]]: Good pairs, and one line per problem naming
        the file and what was expected.
    """
    if not osp.isdir(img_dir):
        raise ColourMaskError(f'{img_dir}: no such folder; expected the '
                              'folder of photos (--img-dir)')
    masks = find_masks(mask_dir, mask_suffix)
    stems = {rel[:-len(mask_suffix)] for rel in masks}
    problems, good = [], 0
    for rel in masks:
        mask = osp.join(mask_dir, rel)
        photo = osp.join(img_dir, rel[:-len(mask_suffix)] + img_suffix)
        if not osp.isfile(photo):
            problems.append(f'{mask}: no photo {photo}; expected one photo '
                            f'per mask, named with {img_suffix!r} '
                            '(--img-suffix)')
            continue
        mask_size, photo_size = _size(mask), _size(photo)
        if photo_size is None or mask_size is None:
            bad = photo if photo_size is None else mask
            problems.append(f'{bad}: cannot read its header; expected an '
                            'image')
        elif mask_size != photo_size:
            problems.append(
                '{}: mask is {}x{} but its photo {} is {}x{}; expected the '
                'same size'.format(mask, *mask_size, osp.basename(photo),
                                   *photo_size))
        else:
            good += 1
    for root, _, names in os.walk(img_dir):
        for name in sorted(names):
            rel = osp.relpath(osp.join(root, name), img_dir)
            if name.endswith(img_suffix) and \
                    rel[:-len(img_suffix)] not in stems:
                problems.append(
                    f'{osp.join(img_dir, rel)}: no mask '
                    f'{osp.join(mask_dir, rel[:-len(img_suffix)])}'
                    f'{mask_suffix}; expected a mask for each photo')
    return good, problems
