"""tools/dataset_converters/masks_to_index.py: list the colours, convert
with a palette, name masks with unknown colours, one-line errors."""
import numpy as np
from PIL import Image

from landmark.testing import run_tool_in_process

TOOL = 'dataset_converters/masks_to_index'


def _save(path, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(np.array(rows, np.uint8), 'RGB').save(path)


def _masks(tmp_path):
    black, red = (0, 0, 0), (255, 0, 0)
    _save(tmp_path / 'masks' / 'train' / '0_mask.png', [[black, red, red]])
    _save(tmp_path / 'masks' / 'test' / '0_mask.png', [[black, black, red]])
    return str(tmp_path / 'masks')


def test_lists_colours_with_pixel_counts_and_a_palette(tmp_path):
    result = run_tool_in_process(TOOL, _masks(tmp_path), '--mask-suffix',
                                 '_mask.png')
    assert result.returncode == 0, result.stderr
    # 6 px: red 3 (50 %), black 3 (50 %), both in each of the 2 masks
    assert result.stdout.splitlines()[:3] == [
        '2 colour(s) in 2 mask(s):',
        '    0,  0,  0             3 px   50.00 %  in 2 of 2 masks',
        '  255,  0,  0             3 px   50.00 %  in 2 of 2 masks',
    ]
    assert ('--palette background=0,0,0 class_255_0_0=255,0,0'
            in result.stdout)


def test_converts_keeping_split_folders(tmp_path):
    out = tmp_path / 'index'
    result = run_tool_in_process(TOOL, _masks(tmp_path), str(out),
                                 '--mask-suffix', '_mask.png', '--palette',
                                 'cell=0,0,0', 'membrane=255,0,0')
    assert result.returncode == 0, result.stderr
    assert np.asarray(Image.open(out / 'train' /
                                 '0_mask.png')).tolist() == [[0, 1, 1]]
    assert np.asarray(Image.open(out / 'test' /
                                 '0_mask.png')).tolist() == [[0, 0, 1]]
    assert ('wrote 2 index mask(s) to ' + str(out) +
            ' (pixels: cell 50.00 %, membrane 50.00 %); 0 not written'
            in result.stdout)
    assert ("metainfo = dict(classes=('cell', 'membrane'), "
            'palette=[[0, 0, 0], [255, 0, 0]])' in result.stdout)


def test_unknown_colour_named_with_counts_exit_1(tmp_path):
    out = tmp_path / 'index'
    result = run_tool_in_process(TOOL, _masks(tmp_path), str(out),
                                 '--mask-suffix', '_mask.png', '--palette',
                                 'cell=0,0,0')
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2  # one per mask holding red: test 1 px, train 2
    assert lines[0].endswith('test/0_mask.png: 1 px of 1 colour(s) not in '
                             'the palette ((255,0,0) 1 px), not written; '
                             "expected only the palette's colours")
    assert lines[1].endswith('train/0_mask.png: 2 px of 1 colour(s) not in '
                             'the palette ((255,0,0) 2 px), not written; '
                             "expected only the palette's colours")
    result = run_tool_in_process(TOOL, str(tmp_path / 'masks'), str(out),
                                 '--mask-suffix', '_mask.png', '--palette',
                                 'cell=0,0,0', '--unknown-to-ignore')
    assert result.returncode == 0
    assert np.asarray(Image.open(out / 'train' /
                                 '0_mask.png')).tolist() == [[0, 255, 255]]


def test_bad_palette_and_missing_folder_are_one_line(tmp_path):
    result = run_tool_in_process(TOOL, _masks(tmp_path), str(tmp_path / 'o'),
                                 '--palette', 'cell=0,0')
    assert (result.returncode, result.stderr.strip().splitlines()) == (2, [
        "error: palette entry 'cell=0,0': expected name=R,G,B with R, G, B "
        'in 0-255 (e.g. membrane=255,0,0)'
    ])
    result = run_tool_in_process(TOOL, str(tmp_path / 'none'))
    assert (result.returncode, result.stderr.strip().splitlines()) == (2, [
        f'error: {tmp_path / "none"}: no such folder; expected the folder of '
        'colour masks'
    ])


def test_pairs_checked_by_suffix_and_split_folder(tmp_path):
    masks = _masks(tmp_path)  # train/0 (1x3) and test/0 (1x3)
    images = tmp_path / 'images'
    _save(images / 'train' / '0.jpg', [[(9, 9, 9)] * 3])  # pairs
    _save(images / 'test' / '0.jpg', [[(9, 9, 9)] * 2])  # 1x2: wrong size
    _save(images / 'test' / '1.jpg', [[(9, 9, 9)] * 3])  # no mask
    result = run_tool_in_process(TOOL, masks,
                                 '--mask-suffix', '_mask.png', '--img-dir',
                                 str(images), '--img-suffix', '.jpg')
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == ('1 pair(s) of photo and mask, '
                                             '2 problem(s)')
    assert result.stderr.strip().splitlines() == [
        f'{masks}/test/0_mask.png: mask is 3x1 but its photo 0.jpg is 2x1; '
        'expected the same size',
        f'{images}/test/1.jpg: no mask {masks}/test/1_mask.png; expected a '
        'mask for each photo'
    ]


def test_a_stray_colour_and_a_grayscale_mask_are_named(tmp_path):
    masks = _masks(tmp_path)
    # a third mask: black, red and 1 px of a stray green
    _save(tmp_path / 'masks' / 'val' / '0_mask.png', [[(0, 0, 0), (255, 0, 0),
                                                       (0, 255, 0)]])
    # a fourth, grayscale: 0 and 255 read as black and white
    grey = tmp_path / 'masks' / 'val' / '1_mask.png'
    Image.fromarray(np.array([[0, 255, 255]], np.uint8), 'L').save(grey)
    result = run_tool_in_process(TOOL, masks, '--mask-suffix', '_mask.png')
    assert result.returncode == 1
    # 12 px: black 5, red 4, white 2, green 1
    assert result.stdout.splitlines()[:5] == [
        '4 colour(s) in 4 mask(s):',
        '    0,  0,  0             5 px   41.67 %  in 4 of 4 masks',
        '  255,  0,  0             4 px   33.33 %  in 3 of 4 masks',
        '  255,255,255             2 px   16.67 %  in 1 of 4 masks '
        f'({grey})',
        '    0,255,  0             1 px    8.33 %  in 1 of 4 masks '
        f'({masks}/val/0_mask.png)',
    ]
    assert result.stderr.strip().splitlines() == [
        f'{grey}: a grayscale (L) mask among 3 colour masks; its values '
        'read as grey colours (v,v,v); expected masks of one kind (all '
        'colour or all grayscale)'
    ]


def test_an_unreadable_mask_is_named_and_the_others_converted(tmp_path):
    masks = _masks(tmp_path)
    broken = tmp_path / 'masks' / 'train' / '1_mask.png'
    broken.write_bytes(b'not a png')
    out = tmp_path / 'index'
    result = run_tool_in_process(TOOL, masks, str(out), '--mask-suffix',
                                 '_mask.png', '--palette', 'cell=0,0,0',
                                 'membrane=255,0,0')
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"{broken}: cannot read it as an image (cannot identify image file "
        f"'{broken}'); expected a PNG colour mask, not written"
    ]
    assert sorted(
        str(p.relative_to(out)) for p in out.rglob('*')
        if p.is_file()) == ['test/0_mask.png', 'train/0_mask.png']
    assert 'wrote 2 index mask(s)' in result.stdout
    assert '1 not written' in result.stdout
