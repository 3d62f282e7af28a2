"""tools/train.py and tools/test.py --tta on a classification config, end
to end on a slice of the trash photos."""
import os.path as osp
import subprocess
import sys

import pytest

from landmark.classification.evaluation import read_class_csv

REPO_ROOT = osp.dirname(
    osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__)))))
CONFIG = 'configs/classification/ce/ce_resnet18_1xb32-64px-10e_trash.py'
CLASSES = ('cardboard', 'glass', 'metal', 'paper', 'plastic', 'trash')
CPU_ENV = dict(OMP_WAIT_POLICY='PASSIVE', OMP_NUM_THREADS='2')


def _tool(name, *args):
    import os
    out = subprocess.run([sys.executable, f'tools/{name}.py', *args],
                         cwd=REPO_ROOT,
                         capture_output=True,
                         text=True,
                         env=dict(os.environ, **CPU_ENV),
                         timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    return out


@pytest.mark.slow
@pytest.mark.data
def test_train_then_test_with_tta_and_csv(trash_root, tmp_path):
    work = str(tmp_path)
    common = [
        f'train_dataloader.dataset.data_root={trash_root}',
        f'val_dataloader.dataset.data_root={trash_root}',
        # every 40th image of each split: all classes, a few seconds
        f'train_dataloader.dataset.indices={list(range(0, 2020, 40))}',
        f'val_dataloader.dataset.indices={list(range(0, 505, 12))}',
        'train_dataloader.num_workers=0',
        'val_dataloader.num_workers=0',
        'train_dataloader.persistent_workers=False',
        'val_dataloader.persistent_workers=False',
    ]
    out = _tool('train', CONFIG, '--work-dir', work, '--cfg-options',
                'train_cfg.max_epochs=1', 'train_dataloader.batch_size=16',
                *common)
    log = out.stdout + out.stderr
    assert 'training images per class: cardboard=' in log
    assert 'report/macro_f1' in log
    val_slice = list(range(0, 505, 12))
    test_opts = [
        f'test_dataloader.dataset.data_root={trash_root}',
        f'test_dataloader.dataset.indices={val_slice}',
        'test_dataloader.num_workers=0',
        'test_dataloader.persistent_workers=False'
    ]
    csv_file = osp.join(work, 'preds.csv')
    out = _tool('test', CONFIG, osp.join(work,
                                         'epoch_1.pth'), '--tta', '--out',
                csv_file, '--work-dir', work, '--cfg-options', *test_opts)
    rows = read_class_csv(csv_file, CLASSES)
    assert len(rows) == len(val_slice)  # one row per val image
    assert 'accuracy/top1' in out.stdout + out.stderr
    # the same checkpoint twice through tools/ensemble.py: the ensemble of
    # two identical members scores as each member
    pkl = osp.join(work, 'preds.pkl')
    _tool('test', CONFIG, osp.join(work, 'epoch_1.pth'), '--out', pkl,
          '--work-dir', work, '--cfg-options', *test_opts)
    out = _tool('ensemble', pkl, pkl, '--weights', '2', '1', '--classes',
                *CLASSES, '--csv', osp.join(work, 'ens.csv'))
    member, ensemble = [
        line.split()[-2:] for line in out.stdout.splitlines()
        if line.startswith((pkl[-60:], 'ENSEMBLE'))
    ][1:]
    assert member == ensemble
    assert len(read_class_csv(osp.join(work, 'ens.csv'),
                              CLASSES)) == len(val_slice)


def test_budget_refusal_is_one_line(tmp_path):
    out = subprocess.run([
        sys.executable, 'tools/train.py', CONFIG, '--work-dir',
        str(tmp_path), '--cfg-options', 'model_budget.max_params_m=1'
    ],
                         cwd=REPO_ROOT,
                         capture_output=True,
                         text=True,
                         timeout=120)
    assert out.returncode == 2
    assert out.stderr.strip().splitlines() == [
        'error: model needs 11.18 M parameters, above the cap '
        'model_budget.max_params_m=1; use a smaller model or input, or '
        'raise the cap'
    ]


def test_model_complexity_tool_prints_and_refuses(capsys):
    import importlib.util
    spec = importlib.util.spec_from_file_location(
        'model_complexity',
        osp.join(REPO_ROOT, 'tools/analysis_tools/model_complexity.py'))
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    assert tool.main([osp.join(REPO_ROOT, CONFIG)]) == 0
    # ResNet-18: 1.82 GFLOPs at 224 px (mmpretrain's table) * (64/224)^2
    assert '0.148 GFLOPs, 11.18 M parameters' in capsys.readouterr().out
    assert tool.main([
        osp.join(REPO_ROOT, CONFIG), '--cfg-options',
        'model_budget.max_gflops=0.1'
    ]) == 2
    assert 'above the cap model_budget.max_gflops=0.1' in \
        capsys.readouterr().err
