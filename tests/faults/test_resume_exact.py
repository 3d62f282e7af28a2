"""``kill -9`` at any point of training, then ``tools/train.py --resume``:
the run ends with the weights of an uninterrupted run, every loss equal.

The shipped tiny Faster R-CNN config trains with its own data loader (batch
4, 2 persistent workers); only the seed is fixed, ``deterministic=True``,
4 epochs, a loss logged every iteration. The runs are killed with SIGKILL
three times, each at a point :class:`SelfKillHook` picks: mid-epoch with
the workers busy, half-way through writing a checkpoint, and during
validation; each is resumed from the work dir's latest checkpoint. For the
detector, each kill also leaves only whole checkpoints under their names
and the next run says which epoch it resumed from.
"""
import glob
import json
import os
import os.path as osp
import signal
import subprocess
import sys

import pytest
import torch

from landmark.core import load_checkpoint_safely
from landmark.testing import REPO_ROOT

FAULTS = osp.dirname(osp.abspath(__file__))
TINY_FASTER_RCNN = osp.join(
    REPO_ROOT, 'configs/faster-rcnn/'
    'faster-rcnn_r18-tiny-fpn_1xb4-320px-12e_landmark.py')


def killable_config(tmp_path,
                    base: str,
                    imports: str,
                    lines: str,
                    hooks: str = '') -> str:
    """``base`` as shipped, plus the self-kill hook after its own custom
    ``hooks``, a fixed seed and what ``lines`` changes (schedule,
    logging)."""
    path = tmp_path / 'killable.py'
    path.write_text(f"""_base_ = {base!r}
custom_imports = dict(imports=[{imports!r}, 'self_kill_hook'],
                      allow_failed_imports=False)
custom_hooks = [{hooks}dict(type='SelfKillHook')]
randomness = dict(seed=0, deterministic=True)
{lines}""")
    return str(path)


def train(config, work_dir, *extra, kill_at='', data_root=None):
    """``tools/train.py`` in a subprocess; its return code and output."""
    env = dict(
        os.environ,
        OMP_NUM_THREADS='1',
        PYTHONUNBUFFERED='1',
        LANDMARK_KILL_AT=kill_at,
        PYTHONPATH=os.pathsep.join([FAULTS, REPO_ROOT]))
    command = [sys.executable, 'tools/train.py', config, '--work-dir',
               work_dir, *extra]
    if data_root is not None:
        command += ['--data-root', data_root]
    done = subprocess.run(
        command, cwd=REPO_ROOT, env=env, capture_output=True, text=True,
        timeout=900)
    return done.returncode, done.stdout + done.stderr


def logged_losses(work_dir) -> list:
    """``[(run, iter, epoch, loss)]`` from each run's scalars.json."""
    rows = []
    for path in sorted(
            glob.glob(osp.join(work_dir, '*', 'vis_data', 'scalars.json'))):
        with open(path) as f:
            for line in f:
                record = json.loads(line)
                if 'loss' in record:
                    rows.append((path, record['iter'], record.get('epoch'),
                                 record['loss']))
    return rows


def assert_same_tensors(got: dict, expected: dict, where: str) -> None:
    assert sorted(got) == sorted(expected), where
    for key, value in expected.items():
        if isinstance(value, torch.Tensor):
            assert torch.equal(got[key], value), f'{where}.{key}'
        elif isinstance(value, dict):
            assert_same_tensors(got[key], value, f'{where}.{key}')


def assert_same_final_checkpoints(work_dir, reference, name) -> None:
    """``name`` in both work dirs: the same weights and optimizer state."""
    got = load_checkpoint_safely(osp.join(work_dir, name))
    expected = load_checkpoint_safely(osp.join(reference, name))
    for part in ('state_dict', 'optimizer'):
        assert_same_tensors(got[part], expected[part], part)


def kill_and_resume(config, work_dir, kill_points, data_root=None,
                    extra=(), after_kill=None):
    """Train killed at each of ``kill_points`` in turn (each run resuming
    the last), then to the end; ``after_kill(point)`` runs after each kill,
    before the next run. Returns the logs of the runs, in order."""
    logs = []
    for number, point in enumerate(kill_points):
        resume = ('--resume', ) if number else ()
        code, log = train(config, work_dir, *resume, *extra, kill_at=point,
                          data_root=data_root)
        logs.append(log)
        assert code == -signal.SIGKILL, f'{point}: {log[-3000:]}'
        if after_kill is not None:
            after_kill(point)
    code, log = train(config, work_dir, '--resume', *extra,
                      data_root=data_root)
    logs.append(log)
    assert code == 0, log[-3000:]
    return logs


@pytest.mark.slow
def test_faster_rcnn_killed_three_times_ends_with_the_same_weights(
        tmp_path):
    from landmark.detection.datasets import generate_landmark_dataset
    data = str(tmp_path / 'data')
    generate_landmark_dataset(data, num_train=16, num_val=2, seed=0,
                              sizes=((128, 96), (96, 128), (112, 112)))
    config = killable_config(
        tmp_path, TINY_FASTER_RCNN, 'landmark.detection', """
train_cfg = dict(max_epochs=4, val_interval=1)
default_hooks = dict(logger=dict(interval=1),
                     checkpoint=dict(interval=1, max_keep_ckpts=5))
""")
    whole = str(tmp_path / 'whole')
    code, log = train(config, whole, data_root=data)
    assert code == 0, log[-3000:]
    expected = {it: loss for _, it, _, loss in logged_losses(whole)}
    first_of_epoch_2 = min(
        it for _, it, epoch, _ in logged_losses(whole) if epoch == 2)

    iters_per_epoch = first_of_epoch_2 - 1  # 16 photos, batch 4

    killed = str(tmp_path / 'killed')

    def only_whole_checkpoints(point):
        # killed mid-epoch 2 or half-way through writing epoch_2.pth:
        # epoch_1.pth whole, nothing (not half a file) named epoch_2.pth
        if point != 'val:3':
            assert not osp.exists(osp.join(killed, 'epoch_2.pth')), point
            assert load_checkpoint_safely(osp.join(
                killed, 'epoch_1.pth'))['meta']['iter'] == iters_per_epoch

    logs = kill_and_resume(
        config, killed,
        [f'iter:{first_of_epoch_2 + 1}',  # mid-epoch 2, workers busy
         'save:2',  # half of epoch_2.pth written
         'val:3'],  # validating after epoch 3 (epoch_3.pth saved)
        data_root=data,
        after_kill=only_whole_checkpoints)
    # each resumed run says where it went on from: epoch 1 twice (the
    # checkpoint being written when the second run died is not taken)
    for log, epoch in zip(logs[1:], (1, 1, 3)):
        assert (f'resumed epoch: {epoch}, iter: {epoch * iters_per_epoch}'
                in log), log[-3000:]
    rows = logged_losses(killed)
    # every iteration logged by the four runs (some twice: replayed after
    # a kill) has the uninterrupted run's loss
    assert {it for _, it, _, _ in rows} == set(expected)
    assert len({run for run, _, _, _ in rows}) == 4
    for run, it, _, loss in rows:
        assert loss == expected[it], (run, it)
    assert_same_final_checkpoints(killed, whole, 'epoch_4.pth')


CLASS_CSV = osp.join(
    REPO_ROOT, 'configs/classification/ce/'
    'ce_resnet18_1xb32-64px-10e_class-csv.py')


def write_class_csv_data(root) -> str:
    """24 train and 6 val photos of 3 classes (32x32, a colour per class
    with noise), with train.csv and val.csv (filename,label)."""
    import csv

    import cv2
    import numpy as np
    rng = np.random.RandomState(0)
    os.makedirs(osp.join(root, 'images'))
    for split, count in (('train', 24), ('val', 6)):
        with open(osp.join(root, f'{split}.csv'), 'w', newline='') as f:
            writer = csv.writer(f)
            writer.writerow(['filename', 'label'])
            for i in range(count):
                label = ('red', 'green', 'blue')[i % 3]
                image = rng.randint(0, 80, (32, 32, 3)).astype(np.uint8)
                image[..., i % 3] += 150
                name = f'images/{split}_{i:02d}.png'
                cv2.imwrite(osp.join(root, name), image)
                writer.writerow([name, label])
    return root


@pytest.mark.slow
def test_classifier_killed_three_times_ends_with_the_same_weights(tmp_path):
    """The classification config for own photos with its own loaders (2
    persistent workers), batch 6 (4 iterations an epoch), 32 px."""
    data = write_class_csv_data(str(tmp_path / 'data'))
    config = killable_config(
        tmp_path, CLASS_CSV, 'landmark.classification', hooks="""
    dict(type='TrainClassCountsHook'), """, lines="""
train_cfg = dict(max_epochs=4, val_interval=1)
train_dataloader = dict(batch_size=6)
image_size = 32
default_hooks = dict(logger=dict(interval=1),
                     checkpoint=dict(interval=1, max_keep_ckpts=5,
                                     save_best=None))
""")
    whole = str(tmp_path / 'whole')
    code, log = train(config, whole, data_root=data)
    assert code == 0, log[-3000:]
    expected = {it: loss for _, it, _, loss in logged_losses(whole)}
    assert sorted(expected) == list(range(1, 17))

    killed = str(tmp_path / 'killed')
    kill_and_resume(config, killed, ['iter:6', 'save:2', 'val:3'],
                    data_root=data)
    rows = logged_losses(killed)
    assert {it for _, it, _, _ in rows} == set(expected)
    for run, it, _, loss in rows:
        assert loss == expected[it], (run, it)
    assert_same_final_checkpoints(killed, whole, 'epoch_4.pth')


SEGMENTATION = osp.join(
    REPO_ROOT, 'configs/segmentation/fpn/'
    'fpn-tiny_r18_1xb4-flip-8e_landmark-masks.py')


@pytest.mark.slow
def test_segmenter_killed_three_times_ends_with_the_same_weights(tmp_path):
    """The tiny FPN on synthetic landmark masks with its own loaders and
    checkpoints (best mIoU and the last epochs kept), 16 photos of 64x48:
    4 iterations an epoch."""
    from landmark.segmentation.datasets import generate_landmark_mask_dataset
    data = str(tmp_path / 'data')
    generate_landmark_mask_dataset(
        data, num_train=16, num_val=2, seed=0, sizes=((64, 48), (48, 64)))
    config = killable_config(
        tmp_path, SEGMENTATION, 'landmark.segmentation', hooks="""
    dict(type='KeepLastEpochsHook', keep_last=3), """, lines="""
train_cfg = dict(max_epochs=4, val_interval=1)
default_hooks = dict(logger=dict(interval=1),
                     checkpoint=dict(max_keep_ckpts=5))
""")
    whole = str(tmp_path / 'whole')
    code, log = train(config, whole, data_root=data)
    assert code == 0, log[-3000:]
    expected = {it: loss for _, it, _, loss in logged_losses(whole)}
    assert sorted(expected) == list(range(1, 17))

    killed = str(tmp_path / 'killed')
    kill_and_resume(config, killed, ['iter:6', 'save:2', 'val:3'],
                    data_root=data)
    rows = logged_losses(killed)
    assert {it for _, it, _, _ in rows} == set(expected)
    for run, it, _, loss in rows:
        assert loss == expected[it], (run, it)
    assert_same_final_checkpoints(killed, whole, 'epoch_4.pth')


RETRIEVAL = osp.join(REPO_ROOT, 'configs/retrieval/arcface/'
                     'arcface-gem_r18_1xb32-64px-20e_synthetic.py')


@pytest.mark.slow
def test_retrieval_model_killed_three_times_ends_with_the_same_weights(
        tmp_path):
    """The ArcFace retrieval config on its synthetic set (tools/retrieve.py
    --make-synthetic), its own loaders, 4 epochs validated each."""
    from landmark.retrieval.datasets import generate_retrieval_dataset
    data = str(tmp_path / 'data')
    generate_retrieval_dataset(data)
    config = killable_config(
        tmp_path, RETRIEVAL, 'landmark.retrieval', hooks="""
    dict(type='PrepareProtoBeforeValLoopHook'), """, lines="""
train_cfg = dict(max_epochs=4, val_interval=1)
default_hooks = dict(logger=dict(interval=1),
                     checkpoint=dict(interval=1, max_keep_ckpts=5))
""")
    roots = ('--cfg-options', f'train_dataloader.dataset.data_root={data}',
             f'val_dataloader.dataset.data_root={data}',
             f'model.prototype.dataset.data_root={data}')
    whole = str(tmp_path / 'whole')
    code, log = train(config, whole, *roots)
    assert code == 0, log[-3000:]
    expected = {it: loss for _, it, _, loss in logged_losses(whole)}
    first_of_epoch_2 = min(
        it for _, it, epoch, _ in logged_losses(whole) if epoch == 2)

    killed = str(tmp_path / 'killed')
    kill_and_resume(config, killed,
                    [f'iter:{first_of_epoch_2 + 1}', 'save:2', 'val:3'],
                    extra=roots)
    rows = logged_losses(killed)
    assert {it for _, it, _, _ in rows} == set(expected)
    for run, it, _, loss in rows:
        assert loss == expected[it], (run, it)
    assert_same_final_checkpoints(killed, whole, 'epoch_4.pth')
