from types import SimpleNamespace

import numpy as np
import pytest
import torch
from mmpretrain.models import CrossEntropyLoss
from torch import nn

from landmark.classification.engine import (DeferredReweightingHook,
                                            TrainClassCountsHook)
from landmark.classification.models import LDAMLoss


class _Counted:
    metainfo = dict(classes=('a', 'b'))

    def class_counts(self):
        return [30, 10]


def _runner(loss, epoch=0):
    model = nn.Module()
    model.head = nn.Module()
    model.head.loss_module = loss
    # a ClassBalancedDataset-like wrapper: the hook looks through it
    loader = SimpleNamespace(dataset=SimpleNamespace(dataset=_Counted()))
    return SimpleNamespace(model=model, train_dataloader=loader, epoch=epoch)


def test_counts_and_balanced_weights_reach_the_loss():
    loss = CrossEntropyLoss()
    TrainClassCountsHook(class_weight='balanced').before_train(_runner(loss))
    # 40 / (2 * 30), 40 / (2 * 10)
    assert loss.class_weight == pytest.approx([2 / 3, 2.0])


def test_ldam_gets_counts_then_weights_from_its_epoch(monkeypatch):
    from landmark.classification.engine.hooks import (
        deferred_reweighting_hook, train_class_counts_hook)
    logged = []
    for module in (train_class_counts_hook, deferred_reweighting_hook):
        monkeypatch.setattr(module, 'print_log',
                            lambda msg, **_: logged.append(msg))
    loss = LDAMLoss(max_m=0.3)
    runner = _runner(loss)
    TrainClassCountsHook().before_train(runner)
    assert loss.class_counts == [30, 10]
    # the run shows its margins: 0.3 * (10 / 30) ** (1 / 4) = 0.228 for the
    # 30 photos of 'a', max_m = 0.3 for the 10 of 'b'
    assert logged[-1] == 'LDAMLoss margins (max_m=0.3): a=0.228, b=0.300'
    hook = DeferredReweightingHook(start_epoch=2)
    runner.epoch = 1
    hook.before_train_epoch(runner)
    assert not loss.reweighting
    runner.epoch = 2
    hook.before_train_epoch(runner)
    assert loss.reweighting
    assert logged[-1].startswith(
        'epoch 2: class re-weighting on (start_epoch=2; class weights ')
    assert float(loss.class_weight.sum()) == pytest.approx(2.0)
    assert loss.class_weight[1] > loss.class_weight[0]


def test_unknown_weight_mode_refused():
    with pytest.raises(ValueError, match='expected None or one of'):
        TrainClassCountsHook(class_weight='sqrt')


def _soft_labels_after(hook, runner, preprocessor, epoch):
    """Whether the batch of this epoch has labels that are not one-hot."""
    from mmpretrain.structures import DataSample
    runner.epoch = epoch
    hook.before_train_epoch(runner)
    torch.manual_seed(epoch)  # the permutation of the batch
    np.random.seed(0)  # mmpretrain's CutMix draws its ratio from NumPy
    batch = dict(
        inputs=[torch.rand(3, 8, 8) for _ in range(4)],
        data_samples=[DataSample().set_gt_label(i % 2) for i in range(4)])
    out = preprocessor(batch, training=True)
    if 'gt_score' not in out['data_samples'][0]:
        return False
    scores = torch.stack([s.gt_score for s in out['data_samples']])
    return bool(((scores > 0) & (scores < 1)).any())


def _preprocessor_runner():
    from mmpretrain.models import ClsDataPreprocessor
    preprocessor = ClsDataPreprocessor(num_classes=2)
    runner = _runner(CrossEntropyLoss(use_soft=True))
    runner.model.data_preprocessor = preprocessor
    runner.logger = SimpleNamespace(info=lambda message: None)
    return preprocessor, runner


def test_cutmix_off_before_its_epoch_and_on_from_it():
    from landmark.classification.engine import BatchAugmentsFromEpochHook
    preprocessor, runner = _preprocessor_runner()
    hook = BatchAugmentsFromEpochHook(
        start_epoch=2, augments=dict(type='CutMix', alpha=1.0))
    hook.before_train(runner)
    assert preprocessor.to_onehot  # one label format from epoch 0 on
    assert not _soft_labels_after(hook, runner, preprocessor, 0)
    assert not _soft_labels_after(hook, runner, preprocessor, 1)
    assert _soft_labels_after(hook, runner, preprocessor, 2)


def test_cutmix_refused_with_a_hard_label_loss():
    from landmark.classification.engine import BatchAugmentsFromEpochHook
    _, runner = _preprocessor_runner()
    runner.model.head.loss_module = CrossEntropyLoss()
    hook = BatchAugmentsFromEpochHook(1, dict(type='Mixup', alpha=0.2))
    with pytest.raises(ValueError, match='expected use_soft=True'):
        hook.before_train(runner)


def test_switch_recipe_hook_alone_skips_cutmix_silently():
    """Why landmark has its own hook: mmpretrain's SwitchRecipeHook sets
    the batch augment but, without to_onehot, no soft label is made and the
    augment never runs."""
    from mmpretrain.engine import SwitchRecipeHook
    preprocessor, runner = _preprocessor_runner()
    hook = SwitchRecipeHook(schedule=[
        dict(
            action_epoch=1,
            batch_augments=dict(augments=dict(type='CutMix', alpha=1.0)))
    ])
    assert not _soft_labels_after(hook, runner, preprocessor, 0)
    assert preprocessor.batch_augments is not None
