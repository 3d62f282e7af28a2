"""Colour masks to index masks: palette parsing, colour counts, unknown
colours per file, split folders kept, atomic writes."""
import os
from collections import Counter

import numpy as np
import pytest
from PIL import Image

from landmark.segmentation.datasets.converters import (
    ColourMaskError, colour_counts, colours_to_index, convert_colour_masks,
    count_mask_colours, palette_from_colours, parse_palette)

BLACK, RED, GREEN = (0, 0, 0), (255, 0, 0), (0, 255, 0)
PALETTE = [('cell', BLACK), ('membrane', RED)]


def _mask(*rows):
    return np.array(rows, np.uint8)


def _save(path, rgb):
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(rgb, 'RGB').save(path)


def test_palette_pairs_in_index_order():
    assert parse_palette(['cell=0,0,0', 'membrane=255, 0,0']) == PALETTE


@pytest.mark.parametrize('pair,expected', [
    ('cell', 'expected name=R,G,B'),
    ('cell=0,0', 'expected name=R,G,B'),
    ('cell=0,0,256', 'expected name=R,G,B'),
    ('cell=0,0,-1', 'expected name=R,G,B'),
])
def test_a_bad_palette_entry_is_one_line_naming_it(pair, expected):
    with pytest.raises(ColourMaskError) as err:
        parse_palette([pair])
    assert str(err.value).startswith(f'palette entry {pair!r}: {expected}')
    assert '\n' not in str(err.value)


def test_a_colour_or_name_twice_is_refused():
    with pytest.raises(ColourMaskError, match='colour .0, 0, 0. given twice'):
        parse_palette(['a=0,0,0', 'b=0,0,0'])
    with pytest.raises(ColourMaskError, match='class name a given twice'):
        parse_palette(['a=0,0,0', 'a=1,0,0'])


def test_colours_to_index_by_hand():
    # black red  green     -> 0 1 255 (green unknown: 1 px)
    # red   red  black        1 1 0
    rgb = _mask([BLACK, RED, GREEN], [RED, RED, BLACK])
    index, unknown = colours_to_index(rgb, PALETTE, 255)
    assert index.tolist() == [[0, 1, 255], [1, 1, 0]]
    assert unknown == {GREEN: 1}
    assert colour_counts(rgb) == {BLACK: 2, RED: 3, GREEN: 1}


def test_palette_from_colours_puts_black_first_then_by_count():
    counts = {RED: 3, GREEN: 7, BLACK: 1}
    assert palette_from_colours(Counter(counts)) == [('background', BLACK),
                                                     ('class_0_255_0', GREEN),
                                                     ('class_255_0_0', RED)]
    # grayscale masks' values are class indices: their order is kept
    counts = {(0, 0, 0): 5, (2, 2, 2): 9, (1, 1, 1): 1}
    colours = [c for _, c in palette_from_colours(Counter(counts))]
    assert colours == [(0, 0, 0), (1, 1, 1), (2, 2, 2)]


def test_split_folders_kept_unknown_colours_named_per_file(tmp_path):
    masks, out = tmp_path / 'masks', tmp_path / 'index'
    _save(masks / 'train' / '0_mask.png', _mask([BLACK, RED]))
    _save(masks / 'val' / '0_mask.png', _mask([RED, GREEN], [GREEN, GREEN]))
    (masks / 'train' / 'notes.txt').write_text('not a mask')
    report = convert_colour_masks(
        str(masks), str(out), PALETTE, mask_suffix='_mask.png')
    # the val mask holds 3 px of an unknown colour: named, not written
    assert report.written == [str(out / 'train' / '0_mask.png')]
    assert report.skipped == [str(masks / 'val' / '0_mask.png')]
    lines = list(report.problem_lines(255))
    assert lines == [
        f'{masks / "val" / "0_mask.png"}: 3 px of 1 colour(s) not in the '
        'palette ((0,255,0) 3 px), not written; expected only the '
        "palette's colours"
    ]
    written = Image.open(out / 'train' / '0_mask.png')
    assert written.mode == 'L'
    assert np.asarray(written).tolist() == [[0, 1]]
    assert not (out / 'val').exists()
    # with unknown_to_ignore the unknown pixels become 255
    report = convert_colour_masks(
        str(masks),
        str(out),
        PALETTE,
        mask_suffix='_mask.png',
        unknown_to_ignore=True)
    assert report.skipped == []
    assert np.asarray(Image.open(out / 'val' /
                                 '0_mask.png')).tolist() == [[1, 255],
                                                             [255, 255]]
    assert report.pixels == {0: 1, 1: 2, 255: 3}
    # nothing half-written left behind (atomic writes)
    assert sorted(os.listdir(out / 'val')) == ['0_mask.png']


def test_grayscale_masks_read_as_grey_colours(tmp_path):
    (tmp_path / 'm').mkdir()
    Image.fromarray(np.array([[0, 255, 255]], np.uint8),
                    'L').save(tmp_path / 'm' / 'a.png')
    counts, num = count_mask_colours(str(tmp_path / 'm'))
    assert (counts, num) == ({(0, 0, 0): 1, (255, 255, 255): 2}, 1)


def test_bad_inputs_are_one_line_errors(tmp_path):
    with pytest.raises(ColourMaskError, match='no such folder'):
        convert_colour_masks(
            str(tmp_path / 'nope'), str(tmp_path / 'o'), PALETTE)
    (tmp_path / 'm').mkdir()
    (tmp_path / 'm' / '0.jpg').write_bytes(b'x')
    with pytest.raises(
            ColourMaskError,
            match=r"no file ending in '_mask.png' \(found 1 .jpg"):
        convert_colour_masks(
            str(tmp_path / 'm'),
            str(tmp_path / 'o'),
            PALETTE,
            mask_suffix='_mask.png')
    # an unreadable mask is named and skipped, not fatal
    (tmp_path / 'm' / '0_mask.png').write_bytes(b'not a png')
    report = convert_colour_masks(
        str(tmp_path / 'm'),
        str(tmp_path / 'o'),
        PALETTE,
        mask_suffix='_mask.png')
    broken = str(tmp_path / 'm' / '0_mask.png')
    assert (report.written, report.skipped) == ([], [broken])
    assert report.unreadable[broken].startswith(
        f'{broken}: cannot read it as an image')
    with pytest.raises(ColourMaskError, match='is the mask folder'):
        convert_colour_masks(str(tmp_path / 'm'), str(tmp_path / 'm'), PALETTE)
