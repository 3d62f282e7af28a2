import csv

import pytest
import torch
from mmdet.registry import METRICS
from mmdet.structures import DetDataSample
from mmengine.structures import InstanceData

import landmark.detection.evaluation.writers  # noqa: F401 (registers)


def make_sample(img_id, path, shape, boxes, scores, labels):
    sample = DetDataSample(
        metainfo=dict(img_id=img_id, img_path=path, ori_shape=shape))
    sample.pred_instances = InstanceData(
        bboxes=torch.tensor(boxes, dtype=torch.float32).reshape(-1, 4),
        scores=torch.tensor(scores),
        labels=torch.tensor(labels))
    return sample


def test_writer_from_config_writes_the_csv(tmp_path):
    out = tmp_path / 'sub' / 'submission.csv'
    writer = METRICS.build(
        dict(
            type='SubmissionCSVWriter',
            out_file=str(out),
            box_format='xywh',
            column_names=dict(image_id='ImageID')))
    writer.dataset_meta = dict(classes=('tower', 'dome'))
    batch = [
        make_sample(2, 'i/b.jpg', (50, 80), [[8, 4, 40, 44]], [0.7], [1]),
        make_sample(1, 'i/a.jpg', (50, 80), [], [], []),
    ]
    # the model's outputs are data samples; the writer keeps plain arrays
    writer.process({}, [s.to_dict() for s in batch])
    assert isinstance(writer.results[0]['pred_instances']['bboxes'],
                      type(torch.zeros(1).numpy()))
    assert writer.evaluate(size=2) == {}
    rows = list(csv.reader(open(out)))
    assert rows == [['ImageID', 'label', 'score', 'x', 'y', 'w', 'h'],
                    ['a', '', '', '', '', '', ''],
                    ['b', 'dome', '0.7000', '8.00', '4.00', '32.00', '40.00']]


def test_writer_refuses_a_non_csv_path():
    with pytest.raises(ValueError, match='.csv'):
        METRICS.build(dict(type='SubmissionCSVWriter', out_file='out.pkl'))


def test_writer_needs_class_names_for_names(tmp_path):
    writer = METRICS.build(
        dict(type='SubmissionCSVWriter', out_file=str(tmp_path / 'a.csv')))
    writer.process(
        {},
        [make_sample(1, 'a.jpg', (9, 9), [[1, 1, 5, 5]], [1.], [0]).to_dict()])
    with pytest.raises(ValueError, match='class_names'):
        writer.evaluate(size=1)


@pytest.mark.slow
def test_runner_test_loop_exports_without_ground_truth(tmp_path,
                                                       tiny_landmarks):
    """What tools/test.py does with the writer as test_evaluator, on a
    COCO file that lists the photos without any box."""
    import os.path as osp

    from mmengine.config import Config
    from mmengine.runner import Runner

    from landmark.core.atomic_io import dump_json_atomic
    from landmark.detection.datasets import convert_image_folder_to_coco
    from landmark.testing import REPO_ROOT
    coco, _ = convert_image_folder_to_coco(
        osp.join(tiny_landmarks, 'images'),
        classes=('tower', 'dome', 'arch', 'pyramid', 'bridge'))
    test_json = str(tmp_path / 'test.json')
    dump_json_atomic(coco, test_json)
    num_images = len(coco['images'])
    cfg = Config.fromfile(
        osp.join(REPO_ROOT, 'tests', 'detection', 'apis', 'configs',
                 'retinanet_r18-tiny-fpn_1xb2-128px-12e_landmark.py'))
    cfg.test_dataloader.dataset.update(
        data_root=osp.join(tiny_landmarks, ''), ann_file=test_json)
    cfg.test_dataloader.sampler = dict(type='DefaultSampler', shuffle=False)
    out = tmp_path / 'submission.csv'
    cfg.test_evaluator = dict(
        type='SubmissionCSVWriter',
        out_file=str(out),
        box_format='cxcywh',
        label_as='id')
    cfg.test_cfg = dict(type='TestLoop')
    cfg.work_dir = str(tmp_path / 'work')
    Runner.from_cfg(cfg).test()
    rows = list(csv.reader(open(out)))
    assert rows[0] == ['image_id', 'label', 'score', 'cx', 'cy', 'w', 'h']
    assert len(rows) == 1 + num_images  # one row per photo, none blank
    assert all(0 <= int(r[1]) < 5 for r in rows[1:])
