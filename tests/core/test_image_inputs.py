import os.path as osp

import pytest

from landmark.core import resolve_image_inputs


@pytest.fixture
def photo_dir(tmp_path):
    for name in ('b.jpg', 'a.PNG', 'notes.txt', 'sub/c.jpg'):
        path = tmp_path / 'photos' / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b'')
    return tmp_path / 'photos'


def test_folder_lists_images_sorted(photo_dir):
    assert [osp.basename(p) for p in resolve_image_inputs(str(photo_dir))
            ] == ['a.PNG', 'b.jpg']
    assert len(resolve_image_inputs(str(photo_dir), recursive=True)) == 3


def test_single_image_and_glob(photo_dir):
    one = str(photo_dir / 'b.jpg')
    assert resolve_image_inputs(one) == [one]
    assert resolve_image_inputs(str(photo_dir / '**' / '*.jpg')) == [
        str(photo_dir / 'b.jpg'),
        str(photo_dir / 'sub' / 'c.jpg')
    ]


def test_list_file_keeps_missing_paths_for_the_report(photo_dir):
    listing = photo_dir / 'list.txt'
    listing.write_text('# test set\nb.jpg\n\nsub/c.jpg\nmissing.jpg\n')
    assert resolve_image_inputs(str(listing)) == [
        str(photo_dir / p) for p in ('b.jpg', 'sub/c.jpg', 'missing.jpg')
    ]


@pytest.mark.parametrize('source, message', [
    ('nowhere', "'nowhere' does not exist"),
    ('{dir}/*.bmp', 'matches no image'),
    ('{dir}/sub/..', None),
])
def test_nothing_found_says_what_was_looked_for(photo_dir, source, message):
    source = source.format(dir=photo_dir)
    if message is None:  # a folder path with '..' still works
        assert len(resolve_image_inputs(source)) == 2
        return
    with pytest.raises(FileNotFoundError, match=message):
        resolve_image_inputs(source)


def test_empty_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match='holds no image') as raised:
        resolve_image_inputs(str(tmp_path))
    assert '--recursive' not in str(raised.value)


def test_photos_only_in_sub_folders_point_at_recursive(tmp_path):
    import cv2
    import numpy as np
    (tmp_path / 'glass').mkdir()
    cv2.imwrite(str(tmp_path / 'glass' / '0001.jpg'),
                np.zeros((8, 8, 3), np.uint8))
    with pytest.raises(FileNotFoundError, match='only in sub-folders .*'
                       '--recursive'):
        resolve_image_inputs(str(tmp_path))
    assert len(resolve_image_inputs(str(tmp_path), recursive=True)) == 1


def test_a_list_file_that_is_not_utf8_is_named(tmp_path):
    from landmark.core.csv_files import CsvFileError
    from landmark.core.image_inputs import read_image_list
    listed = tmp_path / 'photos.txt'
    listed.write_bytes(b'a.jpg\n\xff\xfeb.jpg\n')
    with pytest.raises(CsvFileError) as raised:
        read_image_list(str(listed))
    assert str(raised.value) == (
        f'{listed}: byte 6 (0xff) is not UTF-8 text; expected a UTF-8 list '
        'of image paths, one a line (save it as UTF-8)')
