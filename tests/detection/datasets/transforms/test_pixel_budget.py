"""A child config's pixel budget reaches every NativeResolution."""
import os.path as osp

import pytest
from mmengine.config import Config

from landmark.core.config_paths import innermost_dataset
from landmark.detection.datasets.transforms import apply_pixel_budget
from landmark.testing import REPO_ROOT

R50 = osp.join(REPO_ROOT, 'configs', 'retinanet',
               'retinanet_r50-fpn_1xb2-native-res-12e_landmark.py')
TINY = osp.join(REPO_ROOT, 'configs', 'retinanet',
                'retinanet_r18-tiny-fpn_1xb4-320px-12e_landmark.py')


def budgets(cfg):
    """(max_pixels, max_long_side) of every NativeResolution, by pipeline;
    the TTA one is nested in TestTimeAug."""
    found = {}
    for split in ('train', 'val', 'test'):
        pipeline = innermost_dataset(cfg[f'{split}_dataloader']).pipeline
        found[split] = [(t.get('max_pixels'), t.get('max_long_side'))
                        for t in pipeline if t['type'] == 'NativeResolution']
    (tta, ) = [t for t in cfg.tta_pipeline if t['type'] == 'TestTimeAug']
    found['tta'] = [(t.get('max_pixels'), t.get('max_long_side'))
                    for views in tta['transforms'] for t in views
                    if t['type'] == 'NativeResolution']
    return found


@pytest.fixture
def child_config(tmp_path):
    """A child of the R50 RetinaNet that sets a budget and its own TTA
    pipeline (mmdet style, the resize inside TestTimeAug)."""
    path = tmp_path / 'child.py'
    path.write_text(f"""_base_ = [{R50!r}]
max_pixels = 12_000_000
tta_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='TestTimeAug', transforms=[
        [dict(type='NativeResolution')],
        [dict(type='RandomFlip', prob=0.),
         dict(type='RandomFlip', prob=1.)],
        [dict(type='PackDetInputs')]])]
""")
    return str(path)


def test_a_child_max_pixels_reaches_every_pipeline(child_config):
    cfg = Config.fromfile(child_config)
    # merging alone leaves the base's pipelines as the base built them
    assert budgets(cfg)['train'] == [(None, None)]
    applied = apply_pixel_budget(cfg)
    assert applied == dict(max_pixels=12_000_000, max_long_side=None)
    assert budgets(cfg) == dict(
        train=[(12_000_000, None)],
        val=[(12_000_000, None)],
        test=[(12_000_000, None)],
        tta=[(12_000_000, None)])


def test_arguments_win_over_the_config(child_config):
    cfg = Config.fromfile(child_config)
    apply_pixel_budget(cfg, max_long_side=640)
    # the config's max_pixels stays; the argument adds a long side
    assert set(sum(budgets(cfg).values(), [])) == {(12_000_000, 640)}
    apply_pixel_budget(cfg, max_pixels=1000)
    assert set(sum(budgets(cfg).values(), [])) == {(1000, 640)}
    assert (cfg.max_pixels, cfg.max_long_side) == (1000, 640)


def test_the_tiny_configs_320_px_is_a_budget():
    cfg = Config.fromfile(TINY)
    cfg.tta_pipeline = [
        dict(
            type='TestTimeAug',
            transforms=[[dict(type='NativeResolution')],
                        [dict(type='PackDetInputs')]])
    ]
    apply_pixel_budget(cfg)
    assert set(sum(budgets(cfg).values(), [])) == {(None, 320)}


@pytest.mark.parametrize('value', [0, -5, 1.5, True])
def test_a_bad_budget_names_the_key(value):
    cfg = Config.fromfile(TINY)
    with pytest.raises(ValueError, match='max_pixels='):
        apply_pixel_budget(cfg, max_pixels=value)
