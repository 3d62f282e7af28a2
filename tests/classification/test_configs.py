"""Every classification config loads in mmpretrain's scope and builds its
model; the hierarchical one trains a step on a hand-made batch."""
import glob

import pytest
import torch
from mmengine.config import Config
from mmpretrain.registry import MODELS
from mmpretrain.structures import DataSample

CONFIGS = sorted(glob.glob('configs/classification/*/*.py'))


def test_every_family_has_configs():
    families = {c.split('/')[2] for c in CONFIGS}
    assert {'ce', 'ldam', 'rsg', 'swin', 'hierarchical'} <= families


@pytest.mark.parametrize('config', CONFIGS)
def test_config_is_classification(config):
    cfg = Config.fromfile(config)
    assert cfg.default_scope == 'mmpretrain'
    assert cfg.custom_imports.imports == ['landmark.classification']


def test_hierarchical_config_ignores_missing_levels():
    cfg = Config.fromfile('configs/classification/hierarchical/'
                          'ce-3level_resnet18_1xb32-30e_products.py')
    cfg.model.backbone.depth = 18
    cfg.model.data_preprocessor = cfg.data_preprocessor
    torch.manual_seed(0)
    model = MODELS.build(cfg.model)
    samples = []
    for levels in ([0, 3, 7], [1, -1, -1], [2, 5, -1]):
        sample = DataSample().set_gt_label(levels[-1])
        sample.set_field(torch.tensor(levels), 'gt_levels')
        samples.append(sample)
    batch = model.data_preprocessor(
        dict(
            inputs=[torch.randint(0, 255, (3, 32, 32)).byte()] * 3,
            data_samples=samples),
        training=True)
    losses = model(**batch, mode='loss')
    # level 2 sees one labelled row (7 of 40 classes): its loss is finite
    assert torch.isfinite(losses['loss_level2'])
    preds = model(batch['inputs'], samples, mode='predict')
    assert preds[0].pred_levels.shape == (3, )
