"""Fixtures of the Inferencer tests: a few synthetic photos and small
checkpoints of each task (seeded random weights unless the test trains)."""
import os.path as osp
import shutil

import pytest
import torch
from mmengine.registry import DefaultScope

from landmark.testing import REPO_ROOT, save_random_detector

DETECTION_CONFIG = osp.join(
    REPO_ROOT, 'tests', 'detection', 'apis', 'configs',
    'retinanet_r18-tiny-fpn_1xb2-128px-12e_landmark.py')
CLASSIFICATION_CONFIG = osp.join(
    REPO_ROOT, 'configs/classification/ce/ce_resnet18_1xb32-64px-10e_trash.py')
CLASSES = ('cardboard', 'glass', 'metal', 'paper', 'plastic', 'trash')
SEGMENTATION_CONFIG = osp.join(
    REPO_ROOT,
    'configs/segmentation/fpn/fpn-tiny_r18_1xb4-flip-8e_landmark-masks.py')
RETRIEVAL_CONFIG = osp.join(
    REPO_ROOT,
    'configs/retrieval/arcface/arcface-gem_r18_1xb32-64px-20e_synthetic.py')


@pytest.fixture(scope='session')
def photos(tiny_landmarks, tmp_path_factory) -> str:
    """A folder of 3 synthetic photos (96-128 px), no broken one."""
    folder = tmp_path_factory.mktemp('photos')
    names = sorted(osp.basename(p) for p in glob_images(tiny_landmarks))[:3]
    for name in names:
        shutil.copyfile(
            osp.join(tiny_landmarks, 'images', name), folder / name)
    return str(folder)


def glob_images(root: str):
    import glob
    return glob.glob(osp.join(root, 'images', '*.jpg'))


@pytest.fixture(scope='session')
def detector_checkpoint(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp('det') / 'random.pth'
    return save_random_detector(DETECTION_CONFIG, str(path))


@pytest.fixture(scope='session')
def classifier_checkpoint(tmp_path_factory) -> str:
    """Seeded random weights of the classification config, saved as
    training saves them (the classes in ``meta``)."""
    from mmengine.config import Config
    from mmpretrain.registry import MODELS
    cfg = Config.fromfile(CLASSIFICATION_CONFIG)
    cfg.model.backbone.init_cfg = None
    torch.manual_seed(0)
    path = str(tmp_path_factory.mktemp('cls') / 'random.pth')
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        state = MODELS.build(cfg.model).state_dict()
    torch.save(
        dict(
            state_dict=state,
            meta=dict(dataset_meta=dict(classes=CLASSES))), path)
    return path


@pytest.fixture(scope='session')
def segmentor_checkpoints(tmp_path_factory) -> list:
    """Two seeded random segmentors (wide random heads, so the predicted
    classes vary), as ``tests/segmentation/conftest.py`` saves them."""
    from mmengine.config import Config
    from mmseg.registry import MODELS

    import landmark.segmentation  # noqa: F401
    folder = tmp_path_factory.mktemp('seg')
    paths = []
    for seed in (0, 1):
        cfg = Config.fromfile(SEGMENTATION_CONFIG)
        cfg.model.pop('pretrained', None)
        torch.manual_seed(seed)
        with DefaultScope.overwrite_default_scope('mmseg'):
            model = MODELS.build(cfg.model)
        torch.nn.init.normal_(model.decode_head.conv_seg.weight, std=1.0)
        path = str(folder / f'seg{seed}.pth')
        torch.save(dict(state_dict=model.state_dict(), meta={}), path)
        paths.append(path)
    return paths


@pytest.fixture(scope='session')
def embedding_checkpoint(tmp_path_factory) -> str:
    from mmengine.config import Config
    from mmpretrain.registry import MODELS

    import landmark.retrieval  # noqa: F401
    cfg = Config.fromfile(RETRIEVAL_CONFIG)
    torch.manual_seed(0)
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        model = MODELS.build(cfg.model)
    with torch.no_grad():
        for p in model.parameters():
            p.add_(0.01 * torch.randn_like(p))  # not the fresh init
    path = str(tmp_path_factory.mktemp('ret') / 'random.pth')
    torch.save(dict(state_dict=model.state_dict()), path)
    return path
