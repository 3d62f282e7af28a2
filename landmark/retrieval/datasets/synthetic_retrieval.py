"""A seeded synthetic retrieval set: several landmarks per class, each
photographed several times.

Landmark ``<class><variant>`` (``tower03``) is one photo drawn by the
detection generator (:func:`draw_landmark_photo`, its own colours,
proportions, sky and ground) from ``default_rng([seed, class, variant])``;
each of its views is a different crop around it (scale, offset), a small
rotation (viewpoint), and a colour cast and brightness (sky, time of
day). Landmarks of one class are hard negatives of each other: same
shape, other colours and proportions.

Layout: ``out_dir/images/<landmark_id>/<landmark_id>_<view>.jpg`` (a
folder per landmark) and ``out_dir/landmarks.csv`` (``filename,
landmark_id``, file names relative to ``out_dir``), split into
``train.csv`` and ``val.csv`` (the last ``val_views`` views of each
landmark: training an embedding as a classifier of the ids).

``layout='nested'`` writes the photos as outside data sets ship them
instead, and no CSV: ``out_dir/photos/<class>/<variant>/<view>.jpg``
(``photos/tower/03/001.jpg``), the numbers restarting in every folder, to
be converted by ``tools/dataset_converters/retrieval_splits.py`` (the
landmark is the parent folder, the class its parent).
"""
import os.path as osp
from typing import Sequence, Tuple

import cv2
import numpy as np

from landmark.core.atomic_io import write_bytes_atomic
from landmark.core.submission import write_csv_rows

SYNTHETIC_CLASSES = ('tower', 'dome', 'arch', 'pyramid', 'bridge')


def _view(photo: np.ndarray, box: Sequence[int], rng: np.random.Generator,
          size: Tuple[int, int]) -> np.ndarray:
    """One view of the landmark in ``photo``: crop, rotation, colour."""
    height, width = photo.shape[:2]
    x1, y1, x2, y2 = box
    cx, cy = (x1 + x2) / 2, (y1 + y2) / 2
    scale = rng.uniform(1.1, 1.8)  # crop side relative to the landmark
    side = scale * max(x2 - x1, y2 - y1)
    cx += rng.uniform(-0.15, 0.15) * side
    cy += rng.uniform(-0.15, 0.15) * side
    angle = rng.uniform(-8, 8)
    out_w, out_h = size
    # map the crop (centre cx, cy, side x side) to out_w x out_h, rotated
    zoom = out_w / side
    matrix = cv2.getRotationMatrix2D((cx, cy), angle, zoom)
    matrix[:, 2] += (out_w / 2 - cx, out_h / 2 - cy)
    view = cv2.warpAffine(
        photo, matrix, (out_w, out_h), borderMode=cv2.BORDER_REFLECT)
    cast = rng.uniform(0.8, 1.2, size=3) * rng.uniform(0.75, 1.2)
    view = np.clip(view.astype(np.float32) * cast, 0, 255)
    noise = rng.normal(0, 4, view.shape)
    return np.clip(view + noise, 0, 255).astype(np.uint8)


def generate_retrieval_dataset(out_dir: str,
                               variants_per_class: int = 4,
                               views_per_landmark: int = 6,
                               size: Tuple[int, int] = (96, 96),
                               classes: Sequence[str] = SYNTHETIC_CLASSES,
                               seed: int = 0,
                               val_views: int = 1,
                               jpeg_quality: int = 90,
                               layout: str = 'flat') -> str:
    """Write the set (module docstring); returns the CSV's path (the
    photos' folder for ``layout='nested'``).

    ``draw_landmark_photo`` lives in ``landmark.detection`` (which imports
    mmdet), so it is imported here, when data are generated, and never by
    ``import landmark.retrieval``.

    Args:
        out_dir (str): Destination.
        variants_per_class (int): Landmarks per class. Defaults to 4.
        views_per_landmark (int): Photos per landmark. Defaults to 6.
        size (tuple[int, int]): ``(width, height)`` of the photos.
        classes (Sequence[str]): Classes drawn.
        seed (int): Same seed, same files. Defaults to 0.
        val_views (int): Views per landmark in ``val.csv``. Defaults to 1.
        jpeg_quality (int): Defaults to 90.
        layout (str): ``'flat'`` (a folder per landmark and the CSVs) or
            ``'nested'`` (``photos/<class>/<variant>/<view>.jpg``, no CSV).
            Defaults to ``'flat'``.
    """
    if layout not in ('flat', 'nested'):
        raise ValueError(f'layout {layout!r}; expected flat or nested')
    from landmark.detection.datasets.synthetic_landmarks import \
        draw_landmark_photo
    rows = []
    for c, class_name in enumerate(classes):
        for variant in range(variants_per_class):
            landmark_id = f'{class_name}{variant:02d}'
            rng = np.random.default_rng([seed, c, variant])
            photo, box = draw_landmark_photo(rng, class_name, size[0] * 3,
                                             size[1] * 3)
            for v in range(views_per_landmark):
                view = _view(photo, box,
                             np.random.default_rng([seed, c, variant, v + 1]),
                             size)
                name = (f'photos/{class_name}/{variant:02d}/{v + 1:03d}.jpg'
                        if layout == 'nested' else
                        f'images/{landmark_id}/{landmark_id}_{v:02d}.jpg')
                ok, data = cv2.imencode(
                    '.jpg', view, [cv2.IMWRITE_JPEG_QUALITY, jpeg_quality])
                assert ok, 'JPEG encoding failed'
                write_bytes_atomic(data.tobytes(), osp.join(out_dir, name))
                rows.append((name, landmark_id, v
                             >= views_per_landmark - val_views))
    if layout == 'nested':
        return osp.join(out_dir, 'photos')
    header = ('filename', 'landmark_id')
    for split, keep in (('train', False), ('val', True)):
        write_csv_rows(
            osp.join(out_dir, f'{split}.csv'), header,
            [(name, lid) for name, lid, is_val in rows if is_val == keep])
    csv_path = osp.join(out_dir, 'landmarks.csv')
    write_csv_rows(csv_path, header, [row[:2] for row in rows])
    return csv_path
