"""tools/train.py and tools/dist_train.sh end to end, on tiny data."""
import glob
import os
import os.path as osp
import pickle
import socket
import subprocess
import sys

import pytest

from landmark.core import load_checkpoint_safely
from landmark.core.atomic_io import dump_json_atomic
from landmark.core.runner import runner_loops
from landmark.detection.datasets import convert_voc_to_coco, split_coco
from landmark.testing import REPO_ROOT, load_tool, run_tool

TINY = ('configs/faster-rcnn/'
        'faster-rcnn_r18-tiny-fpn_1xb4-320px-12e_landmark.py')
# One thread per process and passive OpenMP waits: a shared 2-core machine.
CPU_ENV = dict(OMP_NUM_THREADS='1', OMP_WAIT_POLICY='PASSIVE')
QUICK = [
    'train_dataloader.num_workers=0', 'train_dataloader.persistent_workers=0',
    'val_dataloader.num_workers=0', 'val_dataloader.persistent_workers=0',
    'test_dataloader.num_workers=0', 'test_dataloader.persistent_workers=0'
]


def train(*args, env=None):
    return run_tool('tools/train.py', *args, env=dict(CPU_ENV, **(env or {})))


def free_port() -> str:
    """A TCP port nobody listens on now (for torchrun's rendezvous)."""
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return str(sock.getsockname()[1])


def adamw_steps(checkpoint):
    """How many optimizer steps the AdamW state in a checkpoint has seen."""
    state = load_checkpoint_safely(checkpoint)['optimizer']['state']
    return {int(s['step']) for s in state.values()}


@pytest.mark.slow
def test_train_then_resume_continues_from_the_saved_iteration(
        tiny_landmarks, tmp_path):
    work_dir = str(tmp_path / 'work')
    # 10 train images, batch 4 -> 3 iterations an epoch; validation skipped
    common = [
        TINY, '--data-root', tiny_landmarks, '--work-dir', work_dir,
        '--cfg-options', 'train_cfg.val_interval=100', *QUICK
    ]
    first = train(*common, 'train_cfg.max_epochs=1')
    assert first.returncode == 0, first.stderr[-3000:]
    assert 'eta:' in first.stdout + first.stderr  # progress with an ETA
    epoch1 = osp.join(work_dir, 'epoch_1.pth')
    assert load_checkpoint_safely(epoch1)['meta']['iter'] == 3
    assert adamw_steps(epoch1) == {3}
    # a JSON log of the scalars, as MMEngine writes it
    assert glob.glob(osp.join(work_dir, '*', 'vis_data', 'scalars.json'))

    second = train(*common, 'train_cfg.max_epochs=2', '--resume', epoch1)
    log = second.stdout + second.stderr
    assert second.returncode == 0, log[-3000:]
    assert 'resumed epoch: 1, iter: 3' in log
    epoch2 = osp.join(work_dir, 'epoch_2.pth')
    assert load_checkpoint_safely(epoch2)['meta']['iter'] == 6
    # 6, not 3: the optimizer state went on from the saved one
    assert adamw_steps(epoch2) == {6}


def test_missing_pretrained_file_gives_one_clear_message(
        tiny_landmarks, tmp_path, capsys):
    missing = str(tmp_path / 'resnet50.pth')
    config = osp.join(
        REPO_ROOT,
        'configs/retinanet/retinanet_r50-fpn_1xb2-native-res-12e_landmark.py')
    code = load_tool('train').main([
        config, '--data-root', tiny_landmarks, '--work-dir',
        str(tmp_path / 'w'), '--cfg-options',
        f'model.backbone.init_cfg.checkpoint={missing}'
    ])
    assert code == 2
    message = capsys.readouterr().err.strip()
    assert len(message.splitlines()) == 1
    assert missing in message
    assert 'model.backbone.init_cfg.checkpoint' in message
    assert '--from-scratch' in message


def test_unknown_config_file(tmp_path, capsys):
    code = load_tool('train').main(['configs/nope.py'])
    assert code == 2
    assert "config file 'configs/nope.py' does not exist" in \
        capsys.readouterr().err


@pytest.mark.slow
def test_dist_train_and_test_two_cpu_processes(tiny_landmarks, tmp_path):
    work_dir = str(tmp_path / 'dist')
    env = dict(os.environ, PYTHON=sys.executable, PORT=free_port(), **CPU_ENV)
    result = subprocess.run([
        'bash', 'tools/dist_train.sh', TINY, '2', '--data-root',
        tiny_landmarks, '--work-dir', work_dir, '--cfg-options',
        'train_cfg.max_epochs=1', 'train_cfg.val_interval=100', *QUICK
    ],
                            cwd=REPO_ROOT,
                            capture_output=True,
                            text=True,
                            timeout=600,
                            env=env)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]
    assert 'Distributed training: True' in log
    assert 'GPU number: 2' in log  # MMEngine's name for the world size
    # 10 images over 2 processes x 4 a batch -> 2 iterations an epoch
    checkpoint = osp.join(work_dir, 'epoch_1.pth')
    assert load_checkpoint_safely(checkpoint)['meta']['iter'] == 2

    # dist_test.sh: the 5 val images are split over the 2 processes and
    # gathered back, each once
    out = str(tmp_path / 'preds.pkl')
    env['PORT'] = free_port()
    result = subprocess.run([
        'bash', 'tools/dist_test.sh', TINY, checkpoint, '2', '--data-root',
        tiny_landmarks, '--work-dir', work_dir, '--out', out, '--cfg-options',
        *QUICK[-2:]
    ],
                            cwd=REPO_ROOT,
                            capture_output=True,
                            text=True,
                            timeout=600,
                            env=env)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]
    assert 'single_object/loc_acc' in log
    with open(out, 'rb') as f:
        assert sorted(p['img_id'] for p in pickle.load(f)) == [1, 2, 3, 4, 5]


def _first_images(coco, count):
    images = coco['images'][:count]
    ids = {im['id'] for im in images}
    return dict(
        coco,
        images=images,
        annotations=[a for a in coco['annotations'] if a['image_id'] in ids])


@pytest.mark.data
@pytest.mark.slow
def test_tiny_config_trains_on_converted_raccoon(shared_datasets, tmp_path):
    raccoon = osp.join(shared_datasets, 'raccoon')
    coco, _ = convert_voc_to_coco(
        osp.join(raccoon, 'annotations'), osp.join(raccoon, 'images'))
    train_coco, val_coco = split_coco(coco, val_fraction=0.2, seed=0)
    data_root = tmp_path / 'raccoon'
    # a few images keep the test short; the layout is the full one
    dump_json_atomic(
        _first_images(train_coco, 8),
        str(data_root / 'annotations' / 'train.json'))
    dump_json_atomic(
        _first_images(val_coco, 4),
        str(data_root / 'annotations' / 'val.json'))
    os.symlink(osp.join(raccoon, 'images'), data_root / 'images')
    result = train(TINY, '--data-root', str(data_root), '--work-dir',
                   str(tmp_path / 'work'), '--cfg-options',
                   'train_cfg.max_epochs=1', *QUICK)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]
    assert '-> 1 to match the data set (raccoon)' in log
    assert 'single_object/loc_acc' in log and 'coco/bbox_mAP' in log


def test_pixel_budget_flags_reach_every_pipeline(tmp_path, monkeypatch):
    from landmark.detection.datasets.transforms import native_resolutions
    tool = load_tool('train')
    built = []

    class CapturingRunner:
        """Stands in for mmengine's Runner: keeps the config, trains not."""

        @staticmethod
        def from_cfg(cfg):
            built.append(cfg)
            return CapturingRunner()

        def train(self):
            pass

    monkeypatch.setattr(runner_loops, 'Runner', CapturingRunner)
    config = osp.join(REPO_ROOT, TINY)
    work_dir = ['--work-dir', str(tmp_path)]
    assert tool.main([config, *work_dir, '--max-pixels', '5000']) == 0
    assert tool.main([config, *work_dir, '--max-long-side', '64']) == 0

    def budgets(cfg):
        return {
            name: [(t['max_pixels'], t['max_long_side']) for t in found]
            for name, found in native_resolutions(cfg).items()
        }

    # the flag adds to the config's own long side of 320, or replaces it;
    # training has the reduced-scale loader and the resize
    assert budgets(built[0]) == dict(
        train=[(5000, 320)] * 2, val=[(5000, 320)], test=[(5000, 320)])
    assert budgets(built[1]) == dict(
        train=[(None, 64)] * 2, val=[(None, 64)], test=[(None, 64)])
