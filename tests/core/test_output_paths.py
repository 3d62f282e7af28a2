"""A name from an input never places a file outside the output folder."""
import os
import os.path as osp

import pytest

from landmark.core.output_paths import (file_in_folder,
                                        nested_file_in_folder,
                                        safe_file_name)

HOSTILE = [
    '../../x.jpg', '/etc/passwd', '..', '.', '', 'a/../../b.png',
    '..\\..\\win.jpg', 'nul\0byte.jpg', 'class/with/slashes',
    '/', '//server/share', '~/x.jpg', 'é' * 300 + '.jpg', '../' * 50,
]


@pytest.mark.parametrize('name', HOSTILE)
def test_the_file_lies_directly_in_the_folder(tmp_path, name):
    folder = str(tmp_path / 'out')
    path = file_in_folder(folder, name)
    assert osp.dirname(path) == folder
    assert osp.basename(path) not in ('', '.', '..')
    # and the file system takes the name
    os.makedirs(folder, exist_ok=True)
    with open(path, 'w') as f:
        f.write('x')
    assert os.listdir(folder) == [osp.basename(path)]
    assert sorted(os.listdir(tmp_path)) == ['out']


def test_ordinary_names_are_kept():
    assert safe_file_name('landmark_00012.jpg') == 'landmark_00012.jpg'
    assert safe_file_name('Église Saint-Pierre') == 'Église Saint-Pierre'


def test_separators_become_underscores_and_long_names_keep_the_extension():
    assert safe_file_name('../../x.jpg') == '.._.._x.jpg'
    assert safe_file_name('..') == '__'
    long = safe_file_name('é' * 300 + '.jpg')
    assert long.endswith('.jpg') and len(long.encode('utf-8')) <= 255


@pytest.mark.parametrize('name', HOSTILE)
def test_a_nested_name_stays_under_the_folder(tmp_path, name):
    folder = str(tmp_path / 'out')
    path = nested_file_in_folder(folder, name)
    assert path.startswith(folder + os.sep)
    assert '..' not in path[len(folder):].split(os.sep)
    os.makedirs(osp.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        f.write('x')
    assert sorted(os.listdir(tmp_path)) == ['out']


def test_sub_folders_of_a_nested_name_are_kept():
    assert nested_file_in_folder('show', 'tower03/tower03_05.jpg') == \
        osp.join('show', 'tower03', 'tower03_05.jpg')
    assert nested_file_in_folder('show', '../../etc/a/../b.jpg') == \
        osp.join('show', 'etc', 'a', 'b.jpg')
