"""apply_pixel_budget: one size setting reaches the train, val, test and
TTA pipelines; the flag wins over the config; bad values are one line."""
import pytest
from mmengine.config import Config

from landmark.segmentation.apis.pixel_budget import (apply_pixel_budget,
                                                     budget_steps)

MEMBRANE = 'configs/segmentation/unet/unet-tiny_s4-d8_1xb4-flip-8e_membrane.py'


def _budgets(cfg):
    return [(s.get('max_pixels'), s.get('max_long_side'))
            for s in budget_steps(cfg)]


def test_the_config_value_reaches_every_pipeline():
    cfg = Config.fromfile(MEMBRANE)
    cfg.max_pixels = 65536  # as a child config would set it
    assert apply_pixel_budget(cfg) == dict(max_pixels=65536,
                                           max_long_side=None)
    # train (windows), val and test: one PixelBudgetResize each
    assert len(budget_steps(cfg)) == 3
    assert set(_budgets(cfg)) == {(65536, None)}


def test_the_flag_wins_over_the_config():
    cfg = Config.fromfile(MEMBRANE)
    cfg.max_pixels = 65536
    apply_pixel_budget(cfg, max_pixels=16384, max_long_side=100)
    assert set(_budgets(cfg)) == {(16384, 100)}
    assert cfg.max_pixels == 16384


def test_bad_values_and_a_budget_without_a_step_are_one_line():
    cfg = Config.fromfile(MEMBRANE)
    with pytest.raises(ValueError, match=r"max_pixels='big'; expected a "
                       'positive whole number'):
        apply_pixel_budget(cfg, max_pixels='big')
    for key in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        pipeline = cfg[key].dataset.get('dataset', cfg[key].dataset).pipeline
        pipeline[:] = [s for s in pipeline if s.type != 'PixelBudgetResize']
    with pytest.raises(ValueError, match='no pipeline has a '
                       'PixelBudgetResize to take it'):
        apply_pixel_budget(cfg, max_pixels=100)
    apply_pixel_budget(cfg)  # no budget, no step: fine
