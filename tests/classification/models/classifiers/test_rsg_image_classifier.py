import torch
from mmpretrain.registry import MODELS
from mmpretrain.structures import DataSample

from landmark.classification.models import head_class_mask

MODEL = dict(
    type='RSGImageClassifier',
    rsg=dict(
        type='RSGModule',
        num_classes=3,
        in_channels=32,
        class_counts=[50, 30, 5],
        generate_ratio=0.5),
    backbone=dict(type='ResNet', depth=18, base_channels=8),
    neck=dict(type='GlobalAveragePooling'),
    head=dict(
        type='LinearClsHead',
        num_classes=3,
        in_channels=64,
        loss=dict(type='CrossEntropyLoss')))


def test_head_classes_hold_half_the_images():
    # 50 of 85 >= 42.5: class 0 alone is frequent
    assert head_class_mask([50, 30, 5]).tolist() == [True, False, False]


def test_eval_features_are_the_plain_backbone_ones():
    torch.manual_seed(0)
    model = MODELS.build(MODEL).eval()
    x = torch.rand(2, 3, 32, 32)
    with torch.no_grad():
        plain = model.backbone(x)[-1]
        feats = model.extract_feat(x)[0]
        rsg_out, labels, losses = model.rsg(
            torch.ones(2, 32, 2, 2), torch.tensor([0, 2]))
    assert torch.allclose(feats, plain.mean((2, 3)))
    assert torch.equal(rsg_out, torch.ones(2, 32, 2, 2))  # identity
    assert losses == {}


def test_training_adds_rare_samples():
    torch.manual_seed(0)
    model = MODELS.build(MODEL).train()
    x = torch.rand(4, 32, 4, 4)
    labels = torch.tensor([0, 0, 1, 2])
    out, out_labels, losses = model.rsg(x, labels)
    assert losses == {}  # vector_loss_weight 0: none
    # ceil(0.5 * 4) = 2 generated, with labels of the rare classes 1, 2
    assert out.shape[0] == 6 and torch.equal(out[:4], x)
    assert set(out_labels[4:].tolist()) <= {1, 2}
    # x_r + T(x_f - center[y_f]) differs from a plain copy of x_r
    assert not any(torch.equal(out[4], x[i]) for i in range(4))
    samples = [DataSample().set_gt_label(int(y)) for y in labels]
    losses = model.loss(torch.rand(4, 3, 32, 32), samples)
    losses['loss'].backward()
    assert model.rsg.transfer.weight.grad is not None
