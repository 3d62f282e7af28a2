"""The same trained checkpoint and photos through tools/infer.py (a
subprocess, as a user runs it) and through ``Inferencer`` give the same
boxes, labels and scores. The detector is trained for one epoch (5
iterations): random weights would hide a missing normalization."""
import json
import os.path as osp

import numpy as np
import pytest

from landmark.inference import Inferencer
from landmark.testing import REPO_ROOT, run_tool

CONFIG = osp.join(REPO_ROOT, 'tests', 'detection', 'apis', 'configs',
                  'retinanet_r18-tiny-fpn_1xb2-128px-12e_landmark.py')
QUICK = [
    f'{loader}.{key}={value}'
    for loader in ('train_dataloader', 'val_dataloader', 'test_dataloader')
    for key, value in (('num_workers', 0), ('persistent_workers', 0))
]
CPU_ENV = dict(OMP_NUM_THREADS='1', OMP_WAIT_POLICY='PASSIVE')


@pytest.fixture(scope='module')
def trained_detector(tiny_landmarks, tmp_path_factory) -> str:
    work = str(tmp_path_factory.mktemp('trained'))
    run = run_tool(
        'tools/train.py',
        CONFIG,
        '--data-root',
        tiny_landmarks,
        '--work-dir',
        work,
        '--cfg-options',
        'train_cfg.max_epochs=1',
        'train_cfg.val_interval=100',
        *QUICK,
        env=CPU_ENV)
    assert run.returncode == 0, run.stderr[-3000:]
    return osp.join(work, 'epoch_1.pth')


@pytest.mark.slow
@pytest.mark.parametrize('tta', [False, True])
def test_inferencer_gives_tools_infer_boxes(trained_detector, tiny_landmarks,
                                            tmp_path, tta):
    photos = osp.join(tiny_landmarks, 'images')
    out = tmp_path / 'out'
    run = run_tool(
        'tools/infer.py',
        CONFIG,
        trained_detector,
        photos,
        '--out-dir',
        str(out),
        '--device',
        'cpu',
        '--batch-size',
        '2',
        *(['--tta'] if tta else []),
        '--cfg-options',
        'single_object_top1=True',
        env=CPU_ENV)
    assert run.returncode == 0, run.stderr[-3000:]
    doc = json.load(open(out / 'predictions.json'))
    detector = Inferencer(
        CONFIG,
        trained_detector,
        tta=tta,
        batch_size=2,
        cfg_options=dict(single_object_top1=True))
    results = detector(photos)
    assert [r.name for r in results] == \
        [image['image_path'] for image in doc['images']]
    assert len(results) == 15
    for result, image in zip(results, doc['images']):
        # single_object_top1: one box each (the TTA merge keeps its own
        # max_per_img, in the tool as here)
        assert len(result.boxes) == len(image['predictions'])
        assert len(result.boxes) == 1 or tta
        for i, pred in enumerate(image['predictions']):
            assert result.class_names[result.labels[i]] == pred['label']
            np.testing.assert_allclose(result.boxes[i], pred['bbox_xyxy'],
                                       atol=0.006)
            assert result.scores[i] == pytest.approx(pred['score'],
                                                     abs=1e-6)
        assert result.size == (image['height'], image['width'])
    # trained, not a constant answer: the boxes differ between photos
    assert len({tuple(r.boxes[0].round(1)) for r in results}) > 1
    results.to_csv(str(tmp_path / 'api.csv'))
    assert open(tmp_path / 'api.csv').read() == open(
        out / 'predictions.csv').read()
