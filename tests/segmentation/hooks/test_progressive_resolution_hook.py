from types import SimpleNamespace

import numpy as np
import pytest
from mmengine.logging import MMLogger
from mmseg.registry import HOOKS
from torch.utils.data import DataLoader

import landmark.segmentation  # noqa: F401 (registers)


class _Images:
    """A dataset whose pipeline makes a square image of ``scale`` pixels."""

    def __init__(self):
        self.pipeline = None

    def __len__(self):
        return 2

    def __getitem__(self, index):
        return self.pipeline(dict(img=np.zeros((512, 512, 3), np.uint8)))


def _pipeline(size):
    return [dict(type='Resize', scale=(size, size), keep_ratio=False)]


@pytest.mark.parametrize('num_workers', [0])
def test_switches_to_full_resolution_at_its_epoch(num_workers):
    from mmcv.transforms import Compose
    dataset = _Images()
    dataset.pipeline = Compose(_pipeline(256))
    loader = DataLoader(
        dataset, batch_size=1, num_workers=num_workers, collate_fn=lambda x: x)
    runner = SimpleNamespace(
        epoch=0,
        train_dataloader=loader,
        logger=MMLogger.get_instance('test_progressive'))
    hook = HOOKS.build(
        dict(
            type='ProgressiveResolutionHook',
            switch_epoch=2,
            switch_pipeline=_pipeline(512)))
    shapes = []
    for epoch in range(4):  # epochs 0, 1 at 256; 2, 3 at 512
        runner.epoch = epoch
        hook.before_train_epoch(runner)
        shapes.append(next(iter(loader))[0]['img'].shape[0])
    assert shapes == [256, 256, 512, 512]


def test_resuming_past_the_switch_switches_at_once():
    dataset = SimpleNamespace(pipeline='low')
    runner = SimpleNamespace(
        epoch=5,
        train_dataloader=SimpleNamespace(dataset=dataset),
        logger=MMLogger.get_instance('test_progressive'))
    hook = HOOKS.build(
        dict(
            type='ProgressiveResolutionHook',
            switch_epoch=2,
            switch_pipeline=_pipeline(512)))
    hook.before_train_epoch(runner)
    assert dataset.pipeline != 'low'
