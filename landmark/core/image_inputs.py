"""Turn what a user types (an image, a folder, a glob, a list file) into the
image paths to predict on."""
import glob
import os.path as osp
from typing import List

from landmark.core.csv_files import reading_csv
from landmark.core.image_files import is_image_file, list_image_files

LIST_FILE_EXTENSIONS = ('.txt', '.lst', '.list')


def read_image_list(list_file: str) -> List[str]:
    """Paths listed in a text file, one a line.

    Blank lines and lines starting with ``#`` are ignored; relative paths are
    relative to the list file's folder. Paths are kept even if the file does
    not exist, so inference reports it as missing instead of silently
    dropping it.
    """
    folder = osp.dirname(osp.abspath(list_file))
    paths = []
    with reading_csv(list_file, 'a UTF-8 list of image paths, one a line'), \
            open(list_file, encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith('#'):
                continue
            paths.append(line if osp.isabs(line) else osp.join(folder, line))
    return paths


def resolve_image_inputs(source: str, recursive: bool = False) -> List[str]:
    """The image paths meant by ``source``.

    Args:
        source (str): An image file, a folder (its image files, sorted), a
            glob pattern (``'photos/*.jpg'``, ``'data/**/*.png'``) or a text
            file listing paths (``.txt``, ``.lst``, ``.list``).
        recursive (bool): Look in sub-folders of a folder. Defaults to False.

    Returns:
        list[str]: The paths, in a stable order.

    Raises:
        FileNotFoundError: Nothing matches ``source``; the message says what
            was looked for.
    """
    if osp.isdir(source):
        paths = list_image_files(source, recursive=recursive)
        what = f'folder {source!r} holds no image file'
        if not paths and not recursive and list_image_files(
                source, recursive=True):
            # class folders, split folders: the photos are one level down
            what += (' of its own, only in sub-folders (look there with '
                     '--recursive, or recursive=True in Python)')
    elif osp.isfile(source):
        if osp.splitext(source)[1].lower() in LIST_FILE_EXTENSIONS:
            paths = read_image_list(source)
            what = f'list file {source!r} names no image'
        else:
            paths = [source]
            what = ''
    elif glob.has_magic(source):
        paths = sorted(
            p for p in glob.glob(source, recursive=True)
            if osp.isfile(p) and is_image_file(p))
        what = f'glob {source!r} matches no image file'
    else:
        raise FileNotFoundError(
            f'input {source!r} does not exist; expected an image, a folder, '
            'a glob pattern or a .txt file listing image paths')
    if not paths:
        raise FileNotFoundError(
            f'{what} (extensions: .jpg .jpeg .png .bmp .tif .tiff .webp)')
    return paths
