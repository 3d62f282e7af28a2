"""KeepLastEpochsHook in a short real training run (MMEngine Runner, 2
epochs) of a one-weight model on four numbers; no task library."""
import json
import os
import os.path as osp

import pytest
import torch
from mmengine.model import BaseModel
from mmengine.runner import Runner

from landmark.core import KeepLastEpochsHook, load_checkpoint_safely


class OneWeightModel(BaseModel):
    """Fits ``weight * x`` to ``2 * x``: training moves the weight."""

    def __init__(self):
        super().__init__()
        self.weight = torch.nn.Parameter(torch.zeros(1))

    def forward(self, inputs, data_samples=None, mode='tensor'):
        inputs = torch.stack(inputs) if isinstance(inputs, list) else inputs
        loss = ((self.weight * inputs - 2 * inputs)**2).mean()
        return dict(loss=loss) if mode == 'loss' else self.weight * inputs


class Numbers(list):
    """A data set of numbers with the ``metainfo`` of a task's data set."""
    metainfo = dict(classes=('small', 'large'))


def collate(batch):
    return dict(inputs=torch.tensor(batch, dtype=torch.float32))


def test_only_the_last_epoch_is_kept_with_its_weights(tmp_path):
    runner = Runner(
        model=OneWeightModel(),
        work_dir=str(tmp_path),
        train_dataloader=dict(
            dataset=Numbers([1.0, 2.0, 3.0, 4.0]),
            sampler=dict(type='DefaultSampler', shuffle=False),
            collate_fn=collate,
            batch_size=2),
        train_cfg=dict(by_epoch=True, max_epochs=2),
        optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.01)),
        default_hooks=dict(
            checkpoint=dict(type='CheckpointHook', interval=100)),
        custom_hooks=[dict(type='KeepLastEpochsHook', keep_last=1)],
        log_level='WARNING',
        default_scope='mmengine')
    runner.train()
    assert runner.model.weight.item() != 0
    weights_dir = osp.join(str(tmp_path), 'epoch_weights')
    assert sorted(os.listdir(weights_dir)) == ['epoch_2.pth', 'index.json']
    with open(osp.join(weights_dir, 'index.json')) as f:
        assert json.load(f)['epochs'] == ['epoch_2.pth']
    checkpoint = load_checkpoint_safely(osp.join(weights_dir, 'epoch_2.pth'))
    assert checkpoint['meta']['epoch'] == 2
    # the classes, which the tools check against the data's
    assert checkpoint['meta']['dataset_meta'] == dict(
        classes=('small', 'large'))
    torch.testing.assert_close(checkpoint['state_dict']['weight'],
                               runner.model.weight.detach())


def test_keeping_no_epoch_is_refused():
    with pytest.raises(ValueError, match='keep_last=0'):
        KeepLastEpochsHook(keep_last=0)
