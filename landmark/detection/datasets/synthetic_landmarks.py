"""The default data of landmark: synthetic photos of one landmark each,
in COCO format.

The drawing lives in :mod:`landmark.demo.landmark_drawing` (shared with
segmentation, which writes the masks of the same photos); its public names
are re-exported here. The ground-truth box is the tight box of the pixels
drawn, so it is exact.

Everything is deterministic by seed: image ``i`` of seed ``s`` is drawn from
``numpy.random.default_rng([s, i])``, whatever else is generated.
"""
import os
import os.path as osp
from typing import Callable, Dict, Optional, Sequence, Tuple

import cv2

from landmark.core.atomic_io import write_bytes_atomic
from landmark.demo.landmark_drawing import (  # noqa: F401 (re-exported)
    LANDMARK_CLASSES, PHOTO_SIZE_WEIGHTS, PHOTO_SIZES, draw_landmark_photo,
    draw_landmark_photo_and_mask, iter_landmark_photos)
from landmark.detection.datasets.coco_builder import CocoBuilder


def generate_landmark_dataset(
        out_dir: str,
        num_train: int = 200,
        num_val: int = 50,
        seed: int = 0,
        sizes: Sequence[Tuple[int, int]] = PHOTO_SIZES,
        size_weights: Optional[Sequence[float]] = None,
        classes: Sequence[str] = LANDMARK_CLASSES,
        jpeg_quality: int = 90,
        progress: Optional[Callable[[], None]] = None) -> Dict[str, str]:
    """Write a synthetic single-landmark data set in COCO format.

    Layout: ``out_dir/images/landmark_00000.jpg``...,
    ``out_dir/annotations/train.json`` and ``val.json`` (the first
    ``num_train`` images are train, the next ``num_val`` val). Classes are
    drawn in turn with a random offset so every class appears in both
    splits.

    Args:
        out_dir (str): Destination folder.
        num_train (int): Training images. Defaults to 200.
        num_val (int): Validation images. Defaults to 50.
        seed (int): Same seed, same files. Defaults to 0.
        sizes (Sequence[tuple]): ``(width, height)`` choices. Defaults to
            :data:`PHOTO_SIZES` (1280x720 up to 4000x3000).
        size_weights (Sequence[float], optional): Relative frequency of each
            size; defaults to :data:`PHOTO_SIZE_WEIGHTS` with the default
            sizes and uniform otherwise.
        classes (Sequence[str]): Subset of :data:`LANDMARK_CLASSES`.
        jpeg_quality (int): JPEG quality. Defaults to 90.
        progress (callable, optional): Called once per image written.

    Returns:
        dict: Paths of ``train`` and ``val`` annotation files.
    """
    img_dir = osp.join(out_dir, 'images')
    os.makedirs(img_dir, exist_ok=True)
    builders = dict(train=CocoBuilder(classes), val=CocoBuilder(classes))
    for index, class_name, image, box, _ in iter_landmark_photos(
            num_train + num_val, seed, sizes, size_weights, classes):
        height, width = image.shape[:2]
        file_name = f'landmark_{index:05d}.jpg'
        ok, encoded = cv2.imencode('.jpg', image,
                                   [cv2.IMWRITE_JPEG_QUALITY, jpeg_quality])
        assert ok, 'JPEG encoding failed'
        write_bytes_atomic(encoded.tobytes(), osp.join(img_dir, file_name))
        builder = builders['train' if index < num_train else 'val']
        image_id = builder.add_image(file_name, width, height)
        builder.add_box(image_id, class_name, box)
        if progress is not None:
            progress()
    paths = {}
    for split, builder in builders.items():
        paths[split] = osp.join(out_dir, 'annotations', f'{split}.json')
        builder.dump(paths[split])
    return paths
