"""tools/test.py end to end on tiny data, with an untrained tiny model."""
import glob
import os.path as osp
import pickle

import numpy as np
import pytest
import torch
from mmdet.registry import MODELS
from mmengine.config import Config

import landmark.detection  # noqa: F401 (registers the modules)
from landmark.core.runner import runner_loops
from landmark.testing import REPO_ROOT, load_tool, run_tool

TINY = ('configs/faster-rcnn/'
        'faster-rcnn_r18-tiny-fpn_1xb4-320px-12e_landmark.py')
CPU_ENV = dict(OMP_NUM_THREADS='1', OMP_WAIT_POLICY='PASSIVE')
QUICK = [
    'test_dataloader.num_workers=0', 'test_dataloader.persistent_workers=0'
]


@pytest.fixture(scope='module')
def tiny_checkpoint(tmp_path_factory):
    """Weights of the tiny Faster R-CNN as initialized (no training)."""
    torch.manual_seed(0)
    model = MODELS.build(Config.fromfile(osp.join(REPO_ROOT, TINY)).model)
    model.init_weights()
    path = str(tmp_path_factory.mktemp('ckpt') / 'tiny.pth')
    torch.save(dict(state_dict=model.state_dict(), meta=dict()), path)
    return path


@pytest.mark.slow
def test_test_prints_both_metrics_dumps_and_draws(tiny_landmarks,
                                                  tiny_checkpoint, tmp_path):
    out = str(tmp_path / 'preds.pkl')
    show_dir = str(tmp_path / 'shown')
    result = run_tool(
        'tools/test.py',
        TINY,
        tiny_checkpoint,
        '--data-root',
        tiny_landmarks,
        '--work-dir',
        str(tmp_path / 'work'),
        '--out',
        out,
        '--show-dir',
        show_dir,
        '--cfg-options',
        *QUICK,
        env=CPU_ENV)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]
    # COCO mAP and the single-object metrics in the same run
    assert 'coco/bbox_mAP:' in log and 'single_object/loc_acc:' in log
    assert 'Top-1 per class' in log
    with open(out, 'rb') as f:
        preds = pickle.load(f)
    assert len(preds) == 5  # the 5 validation images
    for pred in preds:
        assert {'img_id', 'img_path', 'ori_shape',
                'pred_instances'} <= set(pred)
        inst = pred['pred_instances']
        assert inst['bboxes'].shape[1] == 4
        assert len(inst['bboxes']) == len(inst['scores']) == len(
            inst['labels'])
        height, width = pred['ori_shape']
        assert (inst['bboxes'][:, 2] <= width + 1e-3).all()
    drawn = glob.glob(osp.join(show_dir, '**', '*.jpg'), recursive=True)
    assert len(drawn) == 5


def test_tta_without_tta_settings_uses_flip_wbf(tiny_landmarks,
                                                tiny_checkpoint, tmp_path,
                                                monkeypatch):
    from landmark.core import load_prediction_pickle
    from landmark.detection.models.tta import (FusionTTAModel, fuse_boxes,
                                               keep_single_object,
                                               vote_single_object_label)

    # record each photo's two views as the detector predicted them, before
    # FusionTTAModel un-flips and fuses them
    views_seen = []
    merge_preds = FusionTTAModel.merge_preds

    def recording_merge_preds(self, data_samples_list):
        for views in data_samples_list:
            views_seen.append([
                dict(
                    flip=bool(v.metainfo.get('flip', False)),
                    shape=v.metainfo['ori_shape'],
                    bboxes=v.pred_instances.bboxes.numpy().copy(),
                    scores=v.pred_instances.scores.numpy().copy(),
                    labels=v.pred_instances.labels.numpy().copy())
                for v in views
            ])
        return merge_preds(self, data_samples_list)

    monkeypatch.setattr(FusionTTAModel, 'merge_preds', recording_merge_preds)
    out = str(tmp_path / 'tta.pkl')
    code = load_tool('test').main([
        osp.join(REPO_ROOT, TINY), tiny_checkpoint, '--data-root',
        tiny_landmarks, '--tta', '--out', out, '--work-dir',
        str(tmp_path / 'work'), '--cfg-options', *QUICK
    ])
    assert code == 0
    preds = load_prediction_pickle(out)
    assert len(preds) == len(views_seen) == 5
    for pred, (plain, flipped) in zip(preds, views_seen):
        # the photo and its horizontal flip, each with boxes to fuse
        assert (plain['flip'], flipped['flip']) == (False, True)
        assert len(plain['bboxes']) > 0 and len(flipped['bboxes']) > 0
        height, width = plain['shape']
        # un-flipped by hand: x1, x2 of the flipped view become W - x2, W - x1
        unflipped = flipped['bboxes'][:, [2, 1, 0, 3]] * [-1, 1, -1, 1] + [
            width, 0, width, 0
        ]
        # what flip + WBF with the defaults gives: the plain view weighted 2,
        # the flip 1, WBF at IoU 0.55, the box of the best-voted class kept
        weights = (2.0, 1.0)
        boxes = [plain['bboxes'], unflipped]
        scores = [plain['scores'], flipped['scores']]
        labels = [plain['labels'], flipped['labels']]
        fused = fuse_boxes(
            boxes,
            scores,
            labels, [(height, width)] * 2,
            method='wbf',
            weights=weights,
            iou_thr=0.55)
        expected = keep_single_object(
            fused, vote_single_object_label(scores, labels, weights))
        inst = pred['pred_instances']
        assert len(inst['bboxes']) == 1  # one landmark per photo
        np.testing.assert_allclose(inst['bboxes'], expected[0], atol=1e-2)
        np.testing.assert_allclose(inst['scores'], expected[1], atol=1e-5)
        np.testing.assert_array_equal(inst['labels'], expected[2])


def test_out_must_be_a_pickle(tiny_checkpoint, capsys):
    code = load_tool('test').main(
        [osp.join(REPO_ROOT, TINY), tiny_checkpoint, '--out', 'preds.csv'])
    assert code == 2
    assert '.pkl' in capsys.readouterr().err


def test_missing_checkpoint_is_named(tmp_path, capsys):
    missing = str(tmp_path / 'epoch_12.pth')
    code = load_tool('test').main([osp.join(REPO_ROOT, TINY), missing])
    assert code == 2
    assert missing in capsys.readouterr().err


def test_pixel_budget_flag_reaches_the_tta_pipelines(tiny_checkpoint, tmp_path,
                                                     monkeypatch):
    from landmark.detection.datasets.transforms import native_resolutions
    tool = load_tool('test')
    built = []

    class CapturingRunner:
        """Stands in for mmengine's Runner: keeps the config, tests not."""

        @staticmethod
        def from_cfg(cfg):
            built.append(cfg)
            return CapturingRunner()

        def test(self):
            pass

    monkeypatch.setattr(runner_loops, 'Runner', CapturingRunner)
    code = tool.main([
        osp.join(REPO_ROOT, TINY), tiny_checkpoint, '--tta', '--max-pixels',
        '5000', '--work-dir',
        str(tmp_path)
    ])
    assert code == 0
    (cfg, ) = built
    assert cfg.model.type == 'FusionTTAModel'
    test_types = [t['type'] for t in cfg.test_dataloader.dataset.pipeline]
    assert 'TestTimeAug' in test_types  # the test data go through TTA
    budgets = {
        name: [(t['max_pixels'], t['max_long_side']) for t in found]
        for name, found in native_resolutions(cfg).items()
    }
    assert budgets == dict(
        train=[(5000, 320)] * 2,  # the reduced-scale loader and the resize
        val=[(5000, 320)],
        test=[(5000, 320)],
        tta=[(5000, 320)])


@pytest.mark.parametrize('content', [b'', b'not a checkpoint'])
def test_unreadable_checkpoint_is_one_line_not_a_traceback(
        tiny_landmarks, tmp_path, content):
    checkpoint = tmp_path / 'epoch_1.pth'
    checkpoint.write_bytes(content)
    result = run_tool('tools/test.py', TINY, str(checkpoint), '--data-root',
                      tiny_landmarks, '--work-dir', str(tmp_path / 'w'))
    assert result.returncode == 2
    assert 'Traceback' not in result.stderr
    error = [
        line for line in result.stderr.splitlines()
        if line.startswith('error:')
    ]
    assert len(error) == 1 and str(checkpoint) in error[0]
