"""The retrieval configs as tools/train.py and tools/test.py prepare them:
the ArcFace head gets the training data's number of ids, image_size
reaches every pipeline and the gallery, the gallery follows the query
set, a checkpoint with another number of classes is refused in one line."""
import pytest
import torch

from landmark.retrieval.apis.runner_setup import (checkpoint_head_classes,
                                                  prepare_test_config,
                                                  prepare_train_config)
from landmark.testing import REPO_ROOT

CONFIG = (f'{REPO_ROOT}/configs/retrieval/arcface/'
          'arcface-gem_r18_1xb32-64px-20e_synthetic.py')


@pytest.fixture(scope='module')
def ten_ids(tmp_path_factory):
    """The synthetic set with 2 landmarks per class: 10 ids (the config's
    head says 20)."""
    from landmark.retrieval.datasets import generate_retrieval_dataset
    root = tmp_path_factory.mktemp('ten_ids')
    generate_retrieval_dataset(str(root), 2, 4, seed=0)
    return str(root)


def _sizes(pipeline):
    return [t.get('scale') for t in pipeline if 'scale' in t]


def test_head_classes_and_image_size_everywhere(ten_ids, tmp_path):
    cfg = prepare_train_config(
        CONFIG,
        work_dir=str(tmp_path),
        data_root=ten_ids,
        cfg_options={'image_size': 96})
    assert cfg.model.head.num_classes == 10
    assert cfg.data_preprocessor.num_classes == 10
    assert _sizes(cfg.train_dataloader.dataset.pipeline) == [96]
    assert _sizes(cfg.val_dataloader.dataset.pipeline) == [(96, 96)]
    # the gallery of validation: train.csv of the same root, at 96 px
    gallery = cfg.model.prototype.dataset
    assert (gallery.data_root, gallery.ann_file) == (ten_ids, 'train.csv')
    assert _sizes(gallery.pipeline) == [(96, 96)]


def test_checkpoint_with_other_classes_refused(
        ten_ids, synthetic_retrieval_root, tmp_path):
    from mmpretrain.registry import MODELS
    twenty_ids = str(synthetic_retrieval_root)
    cfg = prepare_train_config(
        CONFIG, work_dir=str(tmp_path), data_root=twenty_ids)
    model = MODELS.build(cfg.model)  # 20 ids, 20 classes
    path = str(tmp_path / 'twenty.pth')
    torch.save(dict(state_dict=model.state_dict()), path)
    assert checkpoint_head_classes(cfg, path) == 20
    with pytest.raises(ValueError) as err:
        prepare_test_config(
            CONFIG, path, work_dir=str(tmp_path), data_root=ten_ids)
    message = str(err.value)
    assert 'has a 20-class ArcFaceClsHead' in message
    assert 'train.csv has 10 ids' in message and '\n' not in message
    with pytest.raises(ValueError, match='20-class.*10 ids'):
        prepare_train_config(
            CONFIG,
            work_dir=str(tmp_path),
            data_root=ten_ids,
            resume=path)
    # the test queries (val.csv) against their gallery at 96 px, with TTA
    cfg = prepare_test_config(
        CONFIG,
        path,
        work_dir=str(tmp_path),
        data_root=twenty_ids,
        cfg_options={'image_size': 96},
        tta=True)
    assert cfg.model.type == 'FlipClsTTAModel'
    assert cfg.model.module.head.num_classes == 20
    assert _sizes(cfg.model.module.prototype.dataset.pipeline) == [(96, 96)]
    assert _sizes(cfg.test_dataloader.dataset.pipeline[:-1]) == [(96, 96)]
