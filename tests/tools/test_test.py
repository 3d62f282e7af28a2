"""tools/test.py end to end on tiny data, with an untrained tiny model."""
import glob
import importlib.util
import os.path as osp
import pickle

import pytest
import torch
from mmdet.registry import MODELS
from mmengine.config import Config

import landmark.detection  # noqa: F401 (registers the modules)
from landmark.testing import REPO_ROOT, run_tool

TINY = ('configs/faster-rcnn/'
        'faster-rcnn_r18-tiny-fpn_1xb4-320px-12e_landmark.py')
CPU_ENV = dict(OMP_NUM_THREADS='1', OMP_WAIT_POLICY='PASSIVE')
QUICK = [
    'test_dataloader.num_workers=0', 'test_dataloader.persistent_workers=0'
]


def load_tool(name):
    spec = importlib.util.spec_from_file_location(
        name, osp.join(REPO_ROOT, 'tools', f'{name}.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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
                                                tiny_checkpoint, tmp_path):
    out = str(tmp_path / 'tta.pkl')
    code = load_tool('test').main([
        osp.join(REPO_ROOT, TINY), tiny_checkpoint, '--data-root',
        tiny_landmarks, '--tta', '--out', out, '--work-dir',
        str(tmp_path / 'work')
    ])
    assert code == 0
    from landmark.core import load_prediction_pickle
    preds = load_prediction_pickle(out)
    assert len(preds) == 5
    # the default TTA keeps the top box of each photo
    assert all(len(p['pred_instances']['bboxes']) <= 1 for p in preds)


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

    monkeypatch.setattr(tool, 'Runner', CapturingRunner)
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
        train=[(5000, 320)],
        val=[(5000, 320)],
        test=[(5000, 320)],
        tta=[(5000, 320)])
