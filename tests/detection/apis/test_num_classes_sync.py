import os.path as osp

from mmengine.config import Config

from landmark.core.atomic_io import dump_json_atomic
from landmark.detection.apis import set_data_root, sync_num_classes
from landmark.testing import REPO_ROOT

TINY = osp.join(REPO_ROOT, 'configs', 'faster-rcnn',
                'faster-rcnn_r18-tiny-fpn_1xb4-320px-12e_landmark.py')
CASCADE = osp.join(REPO_ROOT, 'configs', 'cascade-rcnn',
                   'cascade-rcnn_r18-tiny-fpn_1xb4-320px-12e_landmark.py')


def one_class_data(root):
    coco = dict(
        images=[dict(id=1, file_name='a.jpg', width=64, height=48)],
        annotations=[
            dict(
                id=1,
                image_id=1,
                category_id=1,
                bbox=[1, 1, 10, 10],
                area=100,
                iscrowd=0)
        ],
        categories=[dict(id=1, name='raccoon')])
    for split in ('train', 'val'):
        dump_json_atomic(coco, osp.join(root, 'annotations', f'{split}.json'))
    return root


def test_num_classes_follow_the_annotation_file(tmp_path):
    cfg = Config.fromfile(CASCADE)
    set_data_root(cfg, one_class_data(str(tmp_path)))
    assert sync_num_classes(cfg) == 1
    # all three cascade stages
    assert [h.num_classes for h in cfg.model.roi_head.bbox_head] == [1, 1, 1]


def test_num_classes_untouched_without_data(tmp_path):
    cfg = Config.fromfile(TINY)
    set_data_root(cfg, str(tmp_path / 'nothing'))
    assert sync_num_classes(cfg) is None
    assert cfg.model.roi_head.bbox_head.num_classes == 5
