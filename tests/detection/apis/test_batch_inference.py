import glob
import os.path as osp

import cv2
import numpy as np
import pytest
import torch

from landmark.core import ProblemLog
from landmark.detection.apis import load_detector, predict_images
from landmark.detection.datasets import LANDMARK_CLASSES
from landmark.testing import write_truncated_jpeg

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
    # cut short after an intact header: its size reads, its pixels do not
    broken = write_truncated_jpeg(
        str(tmp_path / 'broken.jpg'), image=cv2.imread(paths[0]))
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


def test_batch_size_does_not_change_predictions(tiny_model, tiny_landmarks,
                                                tmp_path):
    # Five photos of mixed sizes, portrait and landscape, each with its own
    # scale factor (128 / long side): 128x100, 100x128, 256x200, 112x112,
    # 200x256 (w x h). Resized to a long side of 128 px and padded to a
    # multiple of 32, every one is 128x128 alone, so a batch of all five
    # adds no padding and must give each photo the boxes it gets alone, in
    # its own pixels. Measured: boxes agree to 3e-5 px, scores to 1.2e-7.
    # (Photos that pad to different shapes alone, e.g. 128x96 beside
    # 96x128, are padded to the largest in a batch, which changes the
    # features near the border: with this checkpoint's random weights,
    # whose scores are near ties, that reorders boxes and moved the top one
    # by up to 36 px, so such a batch is not compared box for box.)
    sizes = [(128, 100), (100, 128), (256, 200), (112, 112), (200, 256)]
    sources = sorted(glob.glob(osp.join(tiny_landmarks, 'images', '*.jpg')))
    paths = []
    for (width, height), source in zip(sizes, sources):
        path = str(tmp_path / f'{width}x{height}.png')
        cv2.imwrite(path, cv2.resize(cv2.imread(source), (width, height)))
        paths.append(path)
    alone = list(predict_images(tiny_model, paths, 1, progress=False))
    batched = list(predict_images(tiny_model, paths, 5, progress=False))
    assert [p['img_path'] for p in batched] == paths
    for one, many, (width, height) in zip(alone, batched, sizes):
        assert one['ori_shape'] == many['ori_shape'] == (height, width)
        one, many = one['pred_instances'], many['pred_instances']
        assert len(one['bboxes']) == len(many['bboxes']) > 0
        np.testing.assert_array_equal(one['labels'], many['labels'])
        np.testing.assert_allclose(one['bboxes'], many['bboxes'], atol=1e-3)
        np.testing.assert_allclose(one['scores'], many['scores'], atol=1e-5)


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
    # the copy lives elsewhere: its relative _base_ made absolute
    config.write_text(
        text.replace("'../", f"'{osp.dirname(TINY_CONFIG)}/../", 1))
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


@pytest.mark.parametrize(
    'error', [
        lambda: torch.OutOfMemoryError('CUDA out of memory. Tried to '
                                       'allocate 20.00 GiB'),
        lambda: RuntimeError('DefaultCPUAllocator: can\'t allocate memory: '
                             'you tried to allocate 80000000000 bytes'),
        lambda: MemoryError(),
    ])
def test_a_photo_out_of_memory_is_skipped_with_its_size(
        tiny_model, tiny_landmarks, tmp_path, monkeypatch, error):
    paths = sorted(glob.glob(osp.join(tiny_landmarks, 'images', '*.jpg')))[:4]
    height, width = cv2.imread(paths[2]).shape[:2]
    test_step = tiny_model.test_step
    batches = []

    def out_of_memory_on_photo_2(data):
        ids = [s.img_id for s in data['data_samples']]
        batches.append(ids)
        if 2 in ids:
            raise error()
        return test_step(data)

    monkeypatch.setattr(tiny_model, 'test_step', out_of_memory_on_photo_2)
    problems = ProblemLog()
    preds = list(
        predict_images(
            tiny_model, paths, 2, problems=problems, progress=False))
    # the batch [2, 3] is tried again photo by photo: 3 is predicted
    assert batches == [[0, 1], [2, 3], [2], [3]]
    assert [p['img_id'] for p in preds] == [0, 1, 3]
    (problem, ) = problems.problems
    assert problem.source == paths[2] and problem.skipped
    assert f'out of memory while predicting on this {width}x{height} ' \
        'photo' in problem.message
    assert '--max-pixels' in problem.message


def test_other_runtime_errors_are_bugs_not_skipped(tiny_model, tiny_landmarks,
                                                   monkeypatch):
    paths = sorted(glob.glob(osp.join(tiny_landmarks, 'images', '*.jpg')))[:1]

    def broken(data):
        raise RuntimeError('shape mismatch')

    monkeypatch.setattr(tiny_model, 'test_step', broken)
    with pytest.raises(RuntimeError, match='shape mismatch'):
        list(predict_images(tiny_model, paths, progress=False))


def test_skip_leaves_out_the_photos_done_before(tiny_model, tiny_landmarks,
                                                monkeypatch):
    paths = sorted(glob.glob(osp.join(tiny_landmarks, 'images', '*.jpg')))[:6]
    all_preds = list(predict_images(tiny_model, paths, 2, progress=False))
    test_step = tiny_model.test_step
    batches = []

    def recording(data):
        batches.append([s.img_id for s in data['data_samples']])
        return test_step(data)

    monkeypatch.setattr(tiny_model, 'test_step', recording)
    rest = list(
        predict_images(
            tiny_model, paths, 2, progress=False, skip={0, 1, 2}))
    # the batches of an uninterrupted run: [0, 1] is done and not run
    # again, [2, 3] is run whole (3 must be padded beside 2 as before)
    assert batches == [[2, 3], [4, 5]]
    # photos keep their index in the whole list (their img_id)
    assert [(p['img_id'], p['img_path'])
            for p in rest] == [(i, paths[i]) for i in (3, 4, 5)]
    for pred in rest:
        expected = all_preds[pred['img_id']]['pred_instances']
        for key, value in pred['pred_instances'].items():
            np.testing.assert_array_equal(value, expected[key])
