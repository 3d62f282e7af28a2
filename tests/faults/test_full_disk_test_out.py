"""``tools/test.py --out`` of classification (``.pkl`` and ``.csv``) and
segmentation (the run-length ``.csv``) when the disk fills up mid-write:
the previous file stays whole and loadable, no partial or temporary file is
left beside it, and the tool ends with one line naming the file and "no
space left", exit 2. The full disk is ``OSError(ENOSPC)`` injected at the
atomic writer's write call, in the tool's process (as
``test_full_disk_tools.py`` does for detection).
"""
import os
import os.path as osp
import pickle

import cv2
import numpy as np
import pytest

from landmark.testing import (REPO_ROOT, assert_one_full_disk_line,
                              fill_disk_for, run_tool_in_process)

CLS_CONFIG = osp.join(REPO_ROOT, 'configs/classification/ce/'
                      'ce_resnet18_1xb32-64px-10e_class-csv.py')
SEG_CONFIG = osp.join(REPO_ROOT, 'configs/segmentation/fpn/'
                      'fpn-tiny_r18_1xb4-flip-8e_landmark-masks.py')
CLASSES = ('glass', 'metal')
# no loader processes: seconds, not the config's workers starting
NO_WORKERS = ('--cfg-options', 'test_dataloader.num_workers=0',
              'test_dataloader.persistent_workers=False')


@pytest.fixture(scope='module')
def class_photos(tmp_path_factory):
    """A data root with train.csv / val.csv (filename,label) of eight 32x32
    photos, four per class, and a random-weight ResNet-18 checkpoint of
    the CSV config with two classes."""
    import torch
    from mmengine.config import Config
    from mmengine.registry import DefaultScope
    from mmpretrain.registry import MODELS

    import landmark.classification  # noqa: F401 (registers the modules)
    root = tmp_path_factory.mktemp('class_photos')
    rng = np.random.default_rng(0)
    rows = []
    for i in range(8):
        name = f'p{i}.png'
        cv2.imwrite(str(root / name),
                    rng.integers(0, 255, (32, 32, 3), dtype=np.uint8))
        rows.append(f'{name},{CLASSES[i % 2]}\n')
    for split in ('train', 'val'):
        (root / f'{split}.csv').write_text('filename,label\n' +
                                           ''.join(rows))
    cfg = Config.fromfile(CLS_CONFIG)
    cfg.model.backbone.init_cfg = None
    cfg.model.head.num_classes = len(CLASSES)
    torch.manual_seed(0)
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        model = MODELS.build(cfg.model)
    checkpoint = str(root / 'random.pth')
    torch.save(
        dict(
            state_dict=model.state_dict(),
            meta=dict(dataset_meta=dict(classes=CLASSES))), checkpoint)
    return str(root), checkpoint


@pytest.fixture(scope='module')
def mask_photos(tmp_path_factory):
    """Two synthetic photos with masks (val.txt) and a random-weight
    checkpoint of the tiny FPN masks config."""
    import torch
    from mmengine.config import Config
    from mmengine.registry import DefaultScope
    from mmseg.registry import MODELS

    import landmark.segmentation  # noqa: F401 (registers the modules)
    from landmark.segmentation.datasets import generate_landmark_mask_dataset
    root = str(tmp_path_factory.mktemp('mask_photos'))
    generate_landmark_mask_dataset(root, 1, 2, seed=0, sizes=((64, 48), ))
    cfg = Config.fromfile(SEG_CONFIG)
    cfg.model.pop('pretrained', None)
    torch.manual_seed(0)
    with DefaultScope.overwrite_default_scope('mmseg'):
        model = MODELS.build(cfg.model)
    checkpoint = osp.join(root, 'random.pth')
    torch.save(dict(state_dict=model.state_dict(), meta={}), checkpoint)
    return root, checkpoint


@pytest.mark.parametrize('name', ['preds.pkl', 'preds.csv'])
def test_classification_test_out(class_photos, tmp_path, monkeypatch, name):
    root, checkpoint = class_photos
    out = tmp_path / name
    if name.endswith('.pkl'):
        out.write_bytes(pickle.dumps(['previous']))
    else:
        out.write_text('previous')
    # room for part of the file (the pickle of 8 predictions is ~10 kB)
    fill_disk_for(monkeypatch, name, room=200)
    done = run_tool_in_process('test', CLS_CONFIG, checkpoint, '--data-root',
                               root, '--work-dir', str(tmp_path / 'work'),
                               '--out', str(out), *NO_WORKERS)
    assert_one_full_disk_line(done, str(out))
    if name.endswith('.pkl'):
        assert pickle.loads(out.read_bytes()) == ['previous']
    else:
        assert out.read_text() == 'previous'
    assert sorted(os.listdir(tmp_path)) == sorted([name, 'work'])


def test_classification_test_out_pickle_with_room(class_photos, tmp_path):
    """With room, the same run writes the pickle MMEngine's DumpResults
    would (one dict of scores per photo) over the previous file."""
    root, checkpoint = class_photos
    out = tmp_path / 'preds.pkl'
    out.write_bytes(pickle.dumps(['previous']))
    done = run_tool_in_process('test', CLS_CONFIG, checkpoint, '--data-root',
                               root, '--work-dir', str(tmp_path / 'work'),
                               '--out', str(out), *NO_WORKERS)
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    results = pickle.loads(out.read_bytes())
    assert len(results) == 8
    assert tuple(results[0]['pred_score'].shape) == (len(CLASSES), )
    assert sorted(os.listdir(tmp_path)) == ['preds.pkl', 'work']


def test_segmentation_test_out(mask_photos, tmp_path, monkeypatch):
    root, checkpoint = mask_photos
    out = tmp_path / 'masks.csv'
    out.write_text('image_id,class_name,height,width,rle\nold,tower,1,1,\n')
    fill_disk_for(monkeypatch, 'masks.csv', room=60)
    done = run_tool_in_process('test', SEG_CONFIG, checkpoint, '--data-root',
                               root, '--work-dir', str(tmp_path / 'work'),
                               '--out', str(out), *NO_WORKERS)
    assert_one_full_disk_line(done, str(out))
    from landmark.segmentation.evaluation import read_rle_csv
    assert list(read_rle_csv(str(out))) == [('old', 'tower')]
    assert sorted(os.listdir(tmp_path)) == ['masks.csv', 'work']
