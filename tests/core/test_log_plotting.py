import json

import cv2
import pytest

from landmark.core import plot_training_logs, read_training_log


def write_log(path):
    lines = [
        dict(
            lr=0.01,
            loss=2.0,
            loss_cls=1.5,
            loss_bbox=0.5,
            epoch=1,
            iter=10,
            step=10,
            time=0.3),
        dict(
            lr=0.01,
            loss=1.0,
            loss_cls=0.7,
            loss_bbox=0.3,
            epoch=1,
            iter=20,
            step=20,
            time=0.3),
        {
            'coco/bbox_mAP': 0.25,
            'data_time': 0.1,
            'step': 1
        },
        dict(
            lr=0.01,
            loss=0.5,
            loss_cls=0.3,
            loss_bbox=0.2,
            epoch=2,
            iter=30,
            step=30,
            time=0.3),
        {
            'coco/bbox_mAP': 0.5,
            'data_time': 0.1,
            'step': 2
        },
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(''.join(json.dumps(x) + '\n' for x in lines))
    return str(path)


def test_read_splits_losses_and_metrics(tmp_path):
    log = read_training_log(write_log(tmp_path / 'scalars.json'))
    assert sorted(log.losses) == ['loss', 'loss_bbox', 'loss_cls']
    assert log.losses['loss'] == ([10, 20, 30], [2.0, 1.0, 0.5])
    assert log.metrics == {'coco/bbox_mAP': ([1, 2], [0.25, 0.5])}


def test_plot_writes_an_image(tmp_path):
    path = write_log(tmp_path / 'work' / 'run1' / '2026' / 'vis_data' /
                     'scalars.json')
    out = tmp_path / 'curves.png'
    drawn = plot_training_logs([read_training_log(path)],
                               str(out),
                               keys=['loss', 'coco/bbox_mAP'])
    assert drawn == ['loss', 'coco/bbox_mAP']
    image = cv2.imread(str(out))
    assert image.shape[1] > image.shape[0] > 100  # two panels side by side


def test_bad_log_names_the_line(tmp_path):
    path = tmp_path / 'log.json'
    path.write_text('{"loss": 1, "iter": 1}\nnot json\n')
    with pytest.raises(ValueError, match='line 2'):
        read_training_log(str(path))
    path.write_text('{"lr": 1}\n')
    with pytest.raises(ValueError, match='no loss'):
        read_training_log(str(path))


def test_unknown_keys_are_an_error(tmp_path):
    log = read_training_log(write_log(tmp_path / 'scalars.json'))
    with pytest.raises(ValueError, match='acc'):
        plot_training_logs([log], str(tmp_path / 'x.png'), keys=['acc'])
