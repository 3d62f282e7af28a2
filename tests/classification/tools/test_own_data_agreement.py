"""Own photos end to end, as a user runs them: a label CSV with extra
columns over nested folders whose file names repeat -> split_class_data.py
-> tools/train.py (a real, short training) -> tools/test.py --out,
tools/infer.py --recursive and the Python API (``landmark.Inferencer``) on
the same photos, plain and with flip TTA, which must give the same labels
and scores, each photo under a name of its own."""
import csv
import os.path as osp

import pytest

from landmark import Inferencer
from landmark.classification.evaluation import read_class_csv
from landmark.classification.evaluation.writers.class_scores_csv import \
    image_names
from landmark.testing import run_tool

CONFIG = 'configs/classification/ce/ce_resnet18_1xb32-64px-10e_class-csv.py'
CLASSES = ('cardboard', 'glass', 'metal', 'paper', 'plastic')
CPU_ENV = dict(OMP_WAIT_POLICY='PASSIVE', OMP_NUM_THREADS='1')
LOADERS = [
    f'{split}_dataloader.{key}'
    for split in ('train', 'val', 'test')
    for key in ('num_workers=0', 'persistent_workers=False')
]


def _ok(out):
    assert out.returncode == 0, out.stderr[-3000:]
    return out.stdout + out.stderr


def _assert_same_answers(tested, inferred, in_python, photos):
    """tools/test.py's rows (``tested``), tools/infer.py's (``inferred``)
    and the Python API's results for ``photos`` give each photo the same
    labels and scores."""
    for name, result in zip(image_names(photos), in_python):
        row = tested[name]
        assert inferred[name]['labels'] == row['labels'], name
        # both CSVs write 6 decimals
        assert inferred[name]['scores'] == pytest.approx(
            row['scores'], abs=2e-6), name
        assert result.class_name == row['labels'][0], name
        assert result.score == pytest.approx(row['scores'][0], abs=2e-6)


@pytest.mark.slow
@pytest.mark.data
def test_test_and_infer_agree_on_a_trained_classifier(outside_trash_layout,
                                                      tmp_path):
    root = outside_trash_layout
    log = _ok(
        run_tool('tools/dataset_converters/split_class_data.py', '--csv',
                 osp.join(root, 'labels.csv'), '--img-dir',
                 osp.join(root, 'images'), '--filename-column',
                 'image_name', '--label-column', 'category', '--out-dir',
                 root, '--val-fraction', '0.25'))
    # 12 photos per class, round(12 * 0.25) = 3 of each held out
    assert '5 classes, 45 train and 15 val photos' in log
    work = str(tmp_path / 'work')
    log = _ok(
        run_tool(
            'tools/train.py', CONFIG, '--data-root', root, '--work-dir',
            work, '--cfg-options', 'train_cfg.max_epochs=2',
            'train_dataloader.batch_size=15', 'image_size=32', *LOADERS,
            env=CPU_ENV))
    # the 6-class config follows the 5 classes of the data
    assert 'model num_classes 6 -> 5' in log
    ckpt = osp.join(work, 'epoch_2.pth')
    test_csv = osp.join(work, 'test.csv')
    _ok(
        run_tool(
            'tools/test.py', CONFIG, ckpt, '--data-root', root,
            '--work-dir', work, '--out', test_csv, '--cfg-options',
            'image_size=32', *LOADERS, env=CPU_ENV))
    with open(osp.join(root, 'val.csv'), newline='') as f:
        val_photos = [osp.join(root, r['filename']) for r in csv.DictReader(f)]
    _ok(
        run_tool(
            'tools/infer.py', CONFIG, ckpt, osp.join(root, 'images'),
            '--recursive', '--out-dir', str(tmp_path / 'infer'), '--device',
            'cpu', '--cfg-options',
            f'test_dataloader.dataset.data_root={root}', 'image_size=32',
            env=CPU_ENV))
    tested = {r['image']: r for r in read_class_csv(test_csv, CLASSES)}
    inferred_rows = read_class_csv(
        str(tmp_path / 'infer' / 'predictions.csv'), CLASSES)
    inferred = {r['image']: r for r in inferred_rows}
    # every photo under a name of its own (three batch folders each hold
    # 0001.jpg ...): the name is the path under images/
    assert len(inferred) == len(inferred_rows) == 60
    assert '0001.jpg' not in inferred and 'batch_2/0001.jpg' in inferred
    assert len(tested) == 15 and set(tested) <= set(inferred)
    in_python = Inferencer(
        CONFIG, ckpt, cfg_options={
            'test_dataloader.dataset.data_root': root,
            'image_size': 32
        })(val_photos)
    assert len(in_python) == 15 and not in_python.errors
    _assert_same_answers(tested, inferred, in_python, val_photos)
    # a trained model, not a constant one: the scores differ by photo
    assert len({r['scores'][0] for r in tested.values()}) > 1
    # flip TTA (the views weighted 2:1): the same answers through the three
    # paths, on the held-out photos listed for tools/infer.py
    tta_csv = osp.join(work, 'test_tta.csv')
    _ok(
        run_tool(
            'tools/test.py', CONFIG, ckpt, '--data-root', root,
            '--work-dir', work, '--tta', '--out', tta_csv, '--cfg-options',
            'image_size=32', *LOADERS, env=CPU_ENV))
    listed = tmp_path / 'val_photos.txt'
    listed.write_text('\n'.join(val_photos) + '\n')
    _ok(
        run_tool(
            'tools/infer.py', CONFIG, ckpt, str(listed), '--tta',
            '--out-dir', str(tmp_path / 'infer_tta'), '--device', 'cpu',
            '--cfg-options', f'test_dataloader.dataset.data_root={root}',
            'image_size=32', env=CPU_ENV))
    tested_tta = {r['image']: r for r in read_class_csv(tta_csv, CLASSES)}
    inferred_tta = {
        r['image']: r
        for r in read_class_csv(
            str(tmp_path / 'infer_tta' / 'predictions.csv'), CLASSES)
    }
    in_python_tta = Inferencer(
        CONFIG,
        ckpt,
        tta=True,
        cfg_options={
            'test_dataloader.dataset.data_root': root,
            'image_size': 32
        })(val_photos)
    assert set(tested_tta) == set(inferred_tta) == set(tested)
    _assert_same_answers(tested_tta, inferred_tta, in_python_tta, val_photos)
    # the views change the scores: TTA ran, not the plain model again
    assert any(tested_tta[n]['scores'][0] != pytest.approx(
        tested[n]['scores'][0], abs=1e-4) for n in tested)
