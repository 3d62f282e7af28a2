"""Every classification config loads in mmpretrain's scope and builds its
model; the hierarchical one trains a step on a hand-made batch."""
import glob

import pytest
import torch
from mmengine.config import Config
from mmpretrain.registry import MODELS
from mmpretrain.structures import DataSample

from landmark.core import drop_pretrained_weights
from landmark.core.model_config import model_config_as_runner_builds

CONFIGS = sorted(glob.glob('configs/classification/*/*.py'))


def test_every_family_has_configs():
    families = {c.split('/')[2] for c in CONFIGS}
    assert {'ce', 'ldam', 'rsg', 'swin', 'hierarchical'} <= families


@pytest.mark.parametrize('config', CONFIGS)
def test_config_is_classification(config):
    cfg = Config.fromfile(config)
    assert cfg.default_scope == 'mmpretrain'
    assert cfg.custom_imports.imports == ['landmark.classification']


@pytest.mark.parametrize(
    'config', [c for c in CONFIGS if '/hierarchical/' not in c])
def test_config_builds_a_model_that_scores_its_classes(config):
    # built as the runner builds it (top-level data_preprocessor merged),
    # without downloading pretrained weights
    cfg = Config.fromfile(config)
    model_cfg = model_config_as_runner_builds(cfg)
    drop_pretrained_weights(model_cfg)
    torch.manual_seed(0)
    model = MODELS.build(model_cfg).eval()
    size = cfg.get('image_size', 64)
    batch = model.data_preprocessor(
        dict(inputs=[torch.randint(0, 255, (3, size, size)).byte()] * 2))
    with torch.no_grad():
        preds = model(**batch, mode='predict')
    num_classes = cfg.model.head.num_classes
    assert [tuple(p.pred_score.shape) for p in preds] == [(num_classes, )] * 2
    # scores are class probabilities
    assert float(preds[0].pred_score.sum()) == pytest.approx(1.0, abs=1e-5)


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
