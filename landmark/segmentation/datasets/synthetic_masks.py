"""Segmentation masks of the synthetic landmark photos.

The photos are those of the detection data set of the same seed
(:func:`landmark.detection.datasets.generate_landmark_dataset`: image ``i``
of seed ``s`` is drawn from ``numpy.random.default_rng([s, i])``), and each
mask labels the pixels the landmark was drawn with: 0 background, ``k + 1``
for ``classes[k]``. So the detection box of an image is its mask's bounding
box.
"""
import os.path as osp
from typing import Callable, Dict, Optional, Sequence, Tuple

import cv2
import numpy as np

from landmark.core.atomic_io import write_bytes_atomic
from landmark.demo.landmark_drawing import (LANDMARK_CLASSES, PHOTO_SIZES,
                                            iter_landmark_photos)


def _write_png(path: str, array: np.ndarray) -> None:
    ok, encoded = cv2.imencode('.png', array)
    if not ok:
        raise RuntimeError(f'could not encode {path} as PNG')
    write_bytes_atomic(encoded.tobytes(), path)


def generate_landmark_mask_dataset(
        out_dir: str,
        num_train: int = 200,
        num_val: int = 50,
        seed: int = 0,
        sizes: Sequence[Tuple[int, int]] = PHOTO_SIZES,
        size_weights: Optional[Sequence[float]] = None,
        classes: Sequence[str] = LANDMARK_CLASSES,
        progress: Optional[Callable[[], None]] = None) -> Dict[str, str]:
    """Write the synthetic photos with their masks, for
    :class:`~landmark.segmentation.datasets.MaskFolderDataset`.

    Layout: ``out_dir/images/00000.png``... (BGR photos),
    ``out_dir/masks/00000.png``... (one uint8 label per pixel: 0 background,
    ``k + 1`` for ``classes[k]``), and ``train.txt`` / ``val.txt`` listing
    the file stems of each split (the first ``num_train`` images, then
    ``num_val``), as mmseg's ``ann_file``.

    Args:
        out_dir (str): Destination folder.
        num_train (int): Training images. Defaults to 200.
        num_val (int): Validation images. Defaults to 50.
        seed (int): Same seed, same files (and the same photos as the
            detection set of that seed and sizes). Defaults to 0.
        sizes (Sequence[tuple]): ``(width, height)`` choices. Defaults to
            :data:`~landmark.demo.landmark_drawing.PHOTO_SIZES`.
        size_weights (Sequence[float], optional): Relative frequency of each
            size (see :func:`~landmark.demo.landmark_drawing.
            choose_photo_size`).
        classes (Sequence[str]): Subset of ``LANDMARK_CLASSES``, in label
            order.
        progress (callable, optional): Called once per image written.

    Returns:
        dict: Paths of the ``train`` and ``val`` split files.

    Examples:
        >>> from landmark.segmentation.datasets import (
        ...     generate_landmark_mask_dataset)
        >>> generate_landmark_mask_dataset('data/landmark_masks', 40, 10,
        ...                                sizes=((320, 240), (240, 320)))
    """
    stems = []
    for index, class_name, image, _, mask in iter_landmark_photos(
            num_train + num_val, seed, sizes, size_weights, classes):
        stem = f'{index:05d}'
        _write_png(osp.join(out_dir, 'images', stem + '.png'), image)
        _write_png(
            osp.join(out_dir, 'masks', stem + '.png'),
            mask * np.uint8(classes.index(class_name) + 1))
        stems.append(stem)
        if progress is not None:
            progress()
    paths = {}
    for split, names in (('train', stems[:num_train]), ('val',
                                                        stems[num_train:])):
        paths[split] = osp.join(out_dir, f'{split}.txt')
        write_bytes_atomic(''.join(f'{n}\n' for n in names).encode(),
                           paths[split])
    return paths
