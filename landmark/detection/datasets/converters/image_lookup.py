"""Find and check the image an annotation names: the step every converter
shares before it reads boxes."""
import os.path as osp
from typing import Optional

from landmark.core.data_problems import ProblemLog
from landmark.core.image_files import (ImageHeader, ImageReadError,
                                       find_image_file, inspect_image)


def require_image_folder(img_dir: str) -> None:
    """Refuse a missing image folder at once (rather than naming every
    image in it as missing).

    Raises:
        FileNotFoundError: Naming the folder.
    """
    if not osp.isdir(img_dir):
        raise FileNotFoundError(f'image folder {img_dir!r} does not exist')


def find_and_check_image(img_dir: str,
                         file_name: str,
                         log: ProblemLog,
                         source: str,
                         where: str = '',
                         full_decode: bool = True) -> Optional[ImageHeader]:
    """Locate ``file_name`` in ``img_dir`` and apply the decode policy.

    Args:
        img_dir (str): Folder of the images.
        file_name (str): The name the annotation gives.
        log (ProblemLog): Gets ``missing_image`` or ``unreadable_image``.
        source (str): The annotation file, named for a missing image.
        where (str): Row or object named in problems. Defaults to ``''``.
        full_decode (bool): Decode the whole photo (finds truncated files);
            ``False`` reads the header only (``--fast``). Defaults to True.

    Returns:
        ImageHeader | None: The header (its ``path`` is the file found), or
        ``None`` when the image was reported and is to be skipped.
    """
    path = find_image_file(img_dir, file_name) if file_name else None
    if path is None and file_name and osp.isdir(osp.join(img_dir, file_name)):
        log.add('unreadable_image', osp.join(img_dir, file_name),
                'is a folder; expected an image file', where)
        return None
    if path is None:
        log.add('missing_image', source,
                f'image {file_name!r} not found in {img_dir!r}', where)
        return None
    try:
        return inspect_image(path, full_decode)
    except ImageReadError as err:
        log.add('unreadable_image', path, str(err), where)
        return None
