import json

import pytest
from mmengine.logging import MMLogger

from landmark.detection.datasets import LandmarkDataset


@pytest.fixture
def two_box_coco(tmp_path):
    """Image 1 holds one box; image 2 holds a small and a large box."""
    coco = dict(
        images=[
            dict(id=1, file_name='one.jpg', width=100, height=100),
            dict(id=2, file_name='two.jpg', width=100, height=100)
        ],
        annotations=[
            dict(
                id=1,
                image_id=1,
                category_id=2,
                bbox=[0, 0, 50, 50],
                area=2500,
                iscrowd=0),
            dict(
                id=2,
                image_id=2,
                category_id=1,
                bbox=[0, 0, 10, 10],
                area=100,
                iscrowd=0),
            dict(
                id=3,
                image_id=2,
                category_id=2,
                bbox=[20, 20, 60, 70],
                area=4200,
                iscrowd=0),
        ],
        categories=[dict(id=1, name='arch'),
                    dict(id=2, name='dome')])
    ann_file = tmp_path / 'ann.json'
    ann_file.write_text(json.dumps(coco))
    return str(ann_file)


def build(ann_file, **kwargs):
    return LandmarkDataset(
        ann_file=ann_file,
        data_prefix=dict(img=''),
        pipeline=[],
        filter_cfg=None,
        **kwargs)


def test_classes_come_from_the_annotation_file(two_box_coco):
    dataset = build(two_box_coco)
    assert dataset.metainfo['classes'] == ('arch', 'dome')
    assert len(dataset.metainfo['palette']) == 2
    assert len(dataset) == 2
    assert len(dataset[1]['instances']) == 2


def test_single_object_largest_keeps_the_largest_box(two_box_coco):
    dataset = build(two_box_coco, single_object_policy='largest')
    [kept] = dataset[1]['instances']
    assert kept['bbox'] == [20, 20, 80, 90] and kept['bbox_label'] == 1
    assert dataset.single_object_report['multi_object_images'] == 1
    assert dataset.single_object_report['boxes_dropped'] == 1


def test_single_object_skip_drops_the_image_and_logs_it(two_box_coco, capsys):
    MMLogger.get_instance('landmark-test-policy')
    dataset = build(two_box_coco, single_object_policy='skip')
    assert len(dataset) == 1
    assert dataset[0]['img_path'].endswith('one.jpg')
    assert "'skip': 1 of 2 images held 2+ boxes; skipped 1" in \
        capsys.readouterr().out


def test_single_object_error_names_the_image(two_box_coco):
    with pytest.raises(ValueError, match='two.jpg holds 2 boxes'):
        build(two_box_coco, single_object_policy='error')


def test_unknown_policy_is_refused(two_box_coco):
    with pytest.raises(ValueError, match='single_object_policy'):
        build(two_box_coco, single_object_policy='smallest')


def test_missing_annotation_file_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match='nope.json'):
        build(str(tmp_path / 'nope.json'))


def test_feeds_the_mmdet_pipeline(tiny_landmarks):
    from mmdet.utils import register_all_modules
    register_all_modules(init_default_scope=True)
    dataset = LandmarkDataset(
        data_root=tiny_landmarks,
        ann_file='annotations/val.json',
        data_prefix=dict(img='images/'),
        pipeline=[
            dict(type='LoadImageFromFile'),
            dict(type='LoadAnnotations', with_bbox=True),
            dict(type='PackDetInputs')
        ])
    sample = dataset[0]
    _, height, width = sample['inputs'].shape
    assert sample['data_samples'].ori_shape == (height, width)
    assert sample['data_samples'].gt_instances.bboxes.shape == (1, 4)
    assert dataset.metainfo['classes'][0] == 'tower'


@pytest.mark.data
def test_raccoon_single_object_report(shared_datasets, tmp_path):
    import os.path as osp

    from landmark.core.atomic_io import dump_json_atomic
    from landmark.detection.datasets import convert_voc_to_coco
    root = osp.join(shared_datasets, 'raccoon')
    coco, _ = convert_voc_to_coco(
        osp.join(root, 'annotations'), osp.join(root, 'images'))
    ann_file = str(tmp_path / 'raccoon.json')
    dump_json_atomic(coco, ann_file)
    dataset = build(ann_file, single_object_policy='largest')
    # README of the data: 184 images with one raccoon, 15 with two, 1 with 3
    assert dataset.single_object_report == dict(
        images=200, multi_object_images=16, images_skipped=0, boxes_dropped=17)
    assert all(len(dataset[i]['instances']) == 1 for i in range(200))
