"""A folder of images to a COCO JSON without boxes, for inference."""
import os
import os.path as osp
from typing import Optional, Sequence, Tuple

from landmark.core.data_problems import ProblemLog
from landmark.core.image_files import (ImageReadError, inspect_image,
                                       is_image_file, list_image_files)
from landmark.detection.datasets.coco_builder import CocoBuilder


def convert_image_folder_to_coco(
        img_dir: str,
        classes: Optional[Sequence[str]] = None,
        recursive: bool = False,
        strict: bool = False,
        full_decode: bool = True) -> Tuple[dict, ProblemLog]:
    """List the images of a folder as a COCO dictionary with no annotations.

    Used to run ``tools/test.py`` (with a submission writer) on unlabeled
    photos. Unreadable files (truncated ones included, unless
    ``full_decode`` is off) are skipped and reported; sizes are in the
    displayed frame (EXIF orientation applied).

    Args:
        img_dir (str): The folder.
        classes (Sequence[str], optional): Category names to record, so the
            file carries the class names of the model. Defaults to none.
        recursive (bool): Descend into sub-folders. Defaults to False.
        strict (bool): Raise on the first unreadable file. Defaults to False.
        full_decode (bool): Decode every photo in full; ``False`` reads
            headers only. Defaults to True.

    Raises:
        FileNotFoundError: The folder does not exist or holds no image.
    """
    builder = CocoBuilder(list(classes or []))
    log = ProblemLog(strict)
    paths = list_image_files(img_dir, recursive)
    if not paths:
        raise FileNotFoundError(f'no image file in {img_dir!r}')
    if not recursive:  # a sub-folder named like a photo is worth naming
        for name in sorted(os.listdir(img_dir)):
            path = osp.join(img_dir, name)
            if osp.isdir(path) and is_image_file(path):
                log.add('unreadable_image', path,
                        'is a folder; expected an image file')
    for path in paths:
        try:
            width, height = inspect_image(path, full_decode).size
        except ImageReadError as err:
            log.add('unreadable_image', path, str(err))
            continue
        builder.add_image(osp.relpath(path, img_dir), width, height)
    return builder.to_dict(), log
