"""What Inferencer is given, turned into the files the tools read: arrays
become lossless PNGs holding the same BGR pixels."""
import os.path as osp

import cv2
import numpy as np
import pytest
from PIL import Image

from landmark.core import decode_image
from landmark.inference.image_sources import (ImageSource, bgr_array_of,
                                              error_text, image_sources)


def _photo(height=6, width=5):
    return np.random.default_rng(0).integers(
        0, 256, (height, width, 3), dtype=np.uint8)


def test_an_array_is_written_losslessly_and_named(tmp_path):
    bgr = _photo()
    sources = image_sources([bgr, bgr[..., ::-1].copy()], str(tmp_path),
                            rgb=True)
    assert [s.name for s in sources] == ['array_0', 'array_1']
    # rgb=True: the first array was RGB, so its BGR file is reversed
    np.testing.assert_array_equal(decode_image(sources[1].path), bgr)
    np.testing.assert_array_equal(decode_image(sources[0].path),
                                  bgr[..., ::-1])
    np.testing.assert_array_equal(sources[1].image, bgr)
    single = image_sources(bgr, str(tmp_path))
    np.testing.assert_array_equal(decode_image(single[0].path), bgr)


def test_pil_images_and_gray_arrays_become_bgr():
    bgr = _photo()
    alpha = np.full((6, 5), 9, np.uint8)
    rgba = Image.fromarray(np.dstack([bgr[..., ::-1], alpha]))
    np.testing.assert_array_equal(bgr_array_of(rgba, 'x'), bgr)
    gray = bgr[..., 0]
    expected = np.dstack([gray, gray, gray])
    np.testing.assert_array_equal(bgr_array_of(gray, 'x'), expected)
    np.testing.assert_array_equal(bgr_array_of(gray[..., None], 'x'),
                                  expected)
    np.testing.assert_array_equal(bgr_array_of(Image.fromarray(gray), 'x'),
                                  expected)


@pytest.mark.parametrize('array, words', [
    (np.zeros((4, 4, 3), np.float32), 'array_0: a float32 array'),
    (np.zeros((4, 4, 4), np.uint8), r'array_0: an array of shape \(4, 4, 4\)'),
    (np.zeros((0, 4, 3), np.uint8), 'array_0: an array of shape'),
    (np.zeros(7, np.uint8), 'array_0: an array of shape'),
])
def test_an_array_that_is_no_image_is_named(array, words, tmp_path):
    with pytest.raises(ValueError, match=words):
        image_sources([array], str(tmp_path))


def test_paths_folders_and_globs(tmp_path):
    folder = tmp_path / 'photos'
    folder.mkdir()
    for name in ('b.png', 'a.jpg'):
        cv2.imwrite(str(folder / name), _photo())
    missing = str(tmp_path / 'gone.jpg')
    sources = image_sources(
        [str(folder), missing, osp.join(str(folder), '*.png')],
        str(tmp_path))
    assert [s.name for s in sources] == [
        str(folder / 'a.jpg'), str(folder / 'b.png'), missing,
        str(folder / 'b.png')
    ]
    assert all(s.image is None and s.path == s.name for s in sources)
    # sub-folders only when asked, as tools/infer.py --recursive
    (folder / 'sub').mkdir()
    cv2.imwrite(str(folder / 'sub' / 'c.png'), _photo())
    assert len(image_sources(str(folder), str(tmp_path))) == 2
    deep = image_sources([str(folder)], str(tmp_path), recursive=True)
    assert [s.name for s in deep][-1] == str(folder / 'sub' / 'c.png')
    assert len(deep) == 3
    # a single path that matches nothing stops at once, naming it
    with pytest.raises(FileNotFoundError, match='gone.jpg'):
        image_sources(missing, str(tmp_path))
    with pytest.raises(ValueError, match='no input images'):
        image_sources([], str(tmp_path))


def test_errors_name_the_array_not_its_temporary_file():
    source = ImageSource('array_3', '/tmp/x/array_3.png', _photo())
    assert error_text("image file '/tmp/x/array_3.png' cannot be decoded",
                      source) == 'image file array_3 cannot be decoded'
    path = ImageSource('a.jpg', 'a.jpg')
    assert error_text('out of memory', path) == 'a.jpg: out of memory'
