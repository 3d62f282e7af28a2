import pytest

from landmark.detection.datasets import split_coco


def make_coco(names):
    images = [dict(id=i, file_name=n) for i, n in enumerate(names, 1)]
    anns = [
        dict(id=i, image_id=i, bbox=[0, 0, 1, 1])
        for i in range(1,
                       len(names) + 1)
    ]
    return dict(images=images, annotations=anns, categories=[])


def val_names(val):
    return sorted(im['file_name'] for im in val['images'])


def test_random_split_is_deterministic_and_disjoint():
    coco = make_coco([f'img_{i}.jpg' for i in range(50)])
    train, val = split_coco(coco, 0.2, seed=3)
    assert len(val['images']) == 10 and len(train['images']) == 40
    assert val_names(split_coco(coco, 0.2, seed=3)[1]) == val_names(val)
    assert val_names(split_coco(coco, 0.2, seed=4)[1]) != val_names(val)
    ids = {im['id'] for im in val['images']}
    assert {a['image_id'] for a in val['annotations']} == ids
    assert not ids & {im['id'] for im in train['images']}


def test_contiguous_split_keeps_runs_together():
    # natural order: img_2 comes before img_10
    coco = make_coco([f'img_{i}.jpg' for i in range(40)])
    _, val = split_coco(coco, 0.25, seed=0, mode='contiguous', block_size=5)
    numbers = sorted(int(n[4:-4]) for n in val_names(val))
    assert len(numbers) == 10
    blocks = {n // 5 for n in numbers}
    assert len(blocks) == 2  # two whole runs of 5, nothing cut


def test_group_split_keeps_a_prefix_on_one_side():
    names = [
        f'{place}_{i:03d}.jpg' for place in 'abcdefghij' for i in range(4)
    ]
    train, val = split_coco(make_coco(names), 0.2, seed=1, mode='group')
    val_places = {n.split('_')[0] for n in val_names(val)}
    train_places = {im['file_name'].split('_')[0] for im in train['images']}
    assert len(val_places) == 2 and not val_places & train_places


def test_bad_fraction_is_refused():
    with pytest.raises(ValueError, match='val_fraction'):
        split_coco(make_coco(['a.jpg']), 1.5)
