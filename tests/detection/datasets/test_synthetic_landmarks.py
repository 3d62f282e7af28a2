import filecmp
import json
import os.path as osp

import numpy as np

from landmark.detection.datasets import (LANDMARK_CLASSES, check_coco_dataset,
                                         draw_landmark_photo,
                                         generate_landmark_dataset)

SIZES = ((128, 96), (96, 128))


def load(root, split):
    with open(osp.join(root, 'annotations', f'{split}.json')) as f:
        return json.load(f)


def test_same_seed_same_files_other_seed_other_files(tmp_path):
    roots = [str(tmp_path / n) for n in ('a', 'b', 'c')]
    for root, seed in zip(roots, (0, 0, 1)):
        generate_landmark_dataset(root, 5, 2, seed=seed, sizes=SIZES)
    assert load(roots[0], 'train') == load(roots[1], 'train')
    name = 'images/landmark_00003.jpg'
    assert filecmp.cmp(
        osp.join(roots[0], name), osp.join(roots[1], name), shallow=False)
    assert not filecmp.cmp(
        osp.join(roots[0], name), osp.join(roots[2], name), shallow=False)


def test_one_landmark_per_image_every_class_in_both_splits(tiny_landmarks):
    for split, count in (('train', 10), ('val', 5)):
        coco = load(tiny_landmarks, split)
        assert [c['name']
                for c in coco['categories']] == list(LANDMARK_CLASSES)
        assert len(coco['images']) == len(coco['annotations']) == count
        assert {a['category_id']
                for a in coco['annotations']} == {1, 2, 3, 4, 5}
        summary, log = check_coco_dataset(
            osp.join(tiny_landmarks, 'annotations', f'{split}.json'),
            osp.join(tiny_landmarks, 'images'))
        assert not log.problems and summary.boxes_per_image == {1: count}


def test_landmark_fills_much_of_a_full_size_photo():
    for index, name in enumerate(LANDMARK_CLASSES):
        rng = np.random.default_rng([7, index])
        image, (x1, y1, x2, y2) = draw_landmark_photo(rng, name, 1280, 720)
        assert image.shape == (720, 1280, 3)
        assert 0 <= x1 < x2 <= 1280 and 0 <= y1 < y2 <= 720
        # large in the frame, as landmark photos are
        assert (x2 - x1) * (y2 - y1) / (1280 * 720) > 0.1, name
