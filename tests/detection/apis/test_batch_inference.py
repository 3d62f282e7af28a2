import glob
import os.path as osp

import cv2
import numpy as np
import pytest

from landmark.core import ProblemLog
from landmark.detection.apis import load_detector, predict_images
from landmark.detection.datasets import LANDMARK_CLASSES

# the config of the tiny_checkpoint fixture (conftest.py); not imported from
# there: every conftest.py of the suite is a module named "conftest"
TINY_CONFIG = osp.join(
    osp.dirname(__file__), 'configs',
    'retinanet_r18-tiny-fpn_1xb2-128px-12e_landmark.py')


@pytest.fixture(scope='module')
def tiny_model(tiny_checkpoint):
    return load_detector(TINY_CONFIG, tiny_checkpoint)


def test_predictions_keep_native_size_and_order(tiny_model, tiny_landmarks,
                                                tmp_path):
    paths = sorted(glob.glob(osp.join(tiny_landmarks, 'images', '*.jpg')))[:3]
    broken = str(tmp_path / 'broken.jpg')
    with open(broken, 'wb') as f:
        f.write(b'\xff\xd8 not really a jpeg')
    inputs = [paths[0], broken, paths[1], str(tmp_path / 'gone.jpg'), paths[2]]
    problems = ProblemLog()
    preds = list(
        predict_images(
            tiny_model,
            inputs,
            batch_size=2,
            problems=problems,
            progress=False))
    assert [p['img_path'] for p in preds] == paths
    assert [p['img_id'] for p in preds] == [0, 2, 4]
    assert [(p.kind, p.source)
            for p in problems.problems] == [('unreadable_image', broken),
                                            ('missing_image', inputs[3])]
    for pred in preds:
        height, width = cv2.imread(pred['img_path']).shape[:2]
        assert pred['ori_shape'] == (height, width)
        inst = pred['pred_instances']
        assert len(inst['bboxes']) == len(inst['scores']) > 0
        # boxes are in the original pixels, not the 128 px the model saw
        assert inst['bboxes'][:, 2].max() <= width + 1e-3
        assert inst['bboxes'][:, 3].max() <= height + 1e-3
        assert set(inst['labels']) <= set(range(len(LANDMARK_CLASSES)))


def test_batch_size_does_not_change_predictions(tiny_model, tiny_landmarks):
    # two photos of one size: a batch of mixed sizes is padded to the
    # largest, which (as in tools/test.py) shifts the scores a little
    by_size = {}
    for path in sorted(glob.glob(osp.join(tiny_landmarks, 'images', '*'))):
        by_size.setdefault(cv2.imread(path).shape, []).append(path)
    paths = max(by_size.values(), key=len)[:2]
    assert len(paths) == 2
    one = list(predict_images(tiny_model, paths, 1, progress=False))
    two = list(predict_images(tiny_model, paths, 2, progress=False))
    for a, b in zip(one, two):
        np.testing.assert_allclose(
            a['pred_instances']['scores'][:3],
            b['pred_instances']['scores'][:3],
            atol=1e-4)


def test_tta_wraps_the_detector(tiny_checkpoint, tiny_landmarks):
    model = load_detector(TINY_CONFIG, tiny_checkpoint, tta=True)
    assert type(model).__name__ == 'DetTTAModel'
    assert model.dataset_meta['classes'] == LANDMARK_CLASSES
    path = sorted(glob.glob(osp.join(tiny_landmarks, 'images', '*.jpg')))[0]
    (pred, ) = predict_images(model, [path], progress=False)
    assert len(pred['pred_instances']['bboxes']) > 0


def test_config_without_tta_settings_gets_flip_wbf(tmp_path, tiny_checkpoint):
    config = tmp_path / 'no_tta.py'
    text = open(TINY_CONFIG).read().split('tta_model = ')[0]
    config.write_text(text)
    model = load_detector(str(config), tiny_checkpoint, tta=True)
    assert type(model).__name__ == 'FusionTTAModel'


def test_class_names_come_from_the_checkpoint(tiny_model):
    assert tiny_model.dataset_meta['classes'] == LANDMARK_CLASSES


def test_no_class_names_anywhere_is_an_error(tmp_path):
    no_data = dict(test_dataloader=dict(dataset=dict(data_root=str(tmp_path))))
    with pytest.raises(ValueError, match='no class names'):
        load_detector(TINY_CONFIG, None, cfg_options=no_data)


def test_num_classes_follow_the_checkpoint(tmp_path, tiny_landmarks):
    # a 2-class checkpoint loads into the 5-class config: the head is
    # resized as tools/train.py resized it for a 2-class data set
    import torch
    model = load_detector(
        TINY_CONFIG,
        None,
        cfg_options=dict(
            test_dataloader=dict(
                dataset=dict(metainfo=dict(classes=('cat', 'dog'))))))
    path = str(tmp_path / 'two.pth')
    torch.save(
        {
            'state_dict': model.state_dict(),
            'meta': {
                'dataset_meta': {
                    'classes': ('cat', 'dog')
                }
            }
        }, path)
    loaded = load_detector(TINY_CONFIG, path)
    assert loaded.dataset_meta['classes'] == ('cat', 'dog')
    assert loaded.bbox_head.num_classes == 2
