"""The shared ISBI membrane set rewritten as many public segmentation sets
ship: split folders, JPEG photos, RGB colour masks named ``<id>_mask.png``,
file numbers restarting in each split. The "Your data" example of
docs/segmentation.md and the end-to-end test start from it, as a user's own
data would.

Layout written (``OUT``)::

    OUT/images/{train,val,test}/<id>.jpg
    OUT/masks/{train,val,test}/<id>_mask.png   cell (0,0,0), membrane
                                               (255,0,0)

Example:
    python -m landmark.segmentation.datasets.colour_mask_layout \\
        ../shared/datasets/membrane data/membrane_colour
"""
import argparse
import os
import os.path as osp
import sys
from typing import Dict, Sequence, Tuple

import cv2
import numpy as np

from landmark.core.atomic_io import write_bytes_atomic

# membrane's label values (0 membrane, 255 cell) -> RGB colour
MEMBRANE_COLOURS = {0: (255, 0, 0), 255: (0, 0, 0)}
SPLITS = (('train', 20), ('val', 5), ('test', 5))


def _encode(suffix: str, image: np.ndarray) -> bytes:
    ok, data = cv2.imencode(suffix, image)
    if not ok:
        raise RuntimeError(f'could not encode an image as {suffix}')
    return data.tobytes()


def write_colour_mask_layout(
    membrane_dir: str,
    out_dir: str,
    splits: Sequence[Tuple[str, int]] = SPLITS,
) -> Dict[str, int]:
    """Write the membrane photos and colour masks in split folders.

    Photos are taken in the order of their numbers (0, 1, 2, ...): the
    first ``splits[0][1]`` to ``train``, and so on; each split numbers its
    files from 0 again.

    Args:
        membrane_dir (str): The shared set (``image/N.png``,
            ``label/N.png`` with 0 membrane / 255 cell).
        out_dir (str): Where the layout goes.
        splits (Sequence[tuple[str, int]]): ``(folder, number of photos)``.

    Returns:
        dict[str, int]: Photos written per split.

    Raises:
        FileNotFoundError: ``membrane_dir`` lacks ``image/`` or holds fewer
            photos than the splits take.
    """
    image_dir = osp.join(membrane_dir, 'image')
    if not osp.isdir(image_dir):
        raise FileNotFoundError(f'{image_dir}: no such folder; expected the '
                                'membrane set (image/N.png, label/N.png)')
    numbers = sorted(
        int(name[:-4]) for name in os.listdir(image_dir)
        if name.endswith('.png') and name[:-4].isdigit())
    wanted = sum(n for _, n in splits)
    if len(numbers) < wanted:
        raise FileNotFoundError(f'{image_dir}: {len(numbers)} photos; '
                                f'expected at least {wanted}')
    written, start = {}, 0
    for split, count in splits:
        for new_id, number in enumerate(numbers[start:start + count]):
            image = cv2.imread(osp.join(image_dir, f'{number}.png'))
            label = cv2.imread(
                osp.join(membrane_dir, 'label', f'{number}.png'),
                cv2.IMREAD_GRAYSCALE)
            colour = np.zeros(label.shape + (3, ), np.uint8)  # BGR
            for value, rgb in MEMBRANE_COLOURS.items():
                colour[label == value] = rgb[::-1]
            write_bytes_atomic(
                _encode('.jpg', image),
                osp.join(out_dir, 'images', split, f'{new_id}.jpg'))
            write_bytes_atomic(
                _encode('.png', colour),
                osp.join(out_dir, 'masks', split, f'{new_id}_mask.png'))
        written[split] = count
        start += count
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('membrane_dir', help='../shared/datasets/membrane')
    parser.add_argument('out_dir', help='where the layout goes')
    args = parser.parse_args(argv)
    try:
        written = write_colour_mask_layout(args.membrane_dir, args.out_dir)
    except FileNotFoundError as err:
        print(f'error: {err}', file=sys.stderr)
        return 2
    print(f'wrote {args.out_dir}/images/<split>/<id>.jpg and '
          f'masks/<split>/<id>_mask.png: ' +
          ', '.join(f'{n} {split}' for split, n in written.items()))
    return 0


if __name__ == '__main__':
    sys.exit(main())
