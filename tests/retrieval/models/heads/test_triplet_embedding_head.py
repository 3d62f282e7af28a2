"""TripletEmbeddingHead: the loss of the normalized embedding."""
import pytest
import torch
from mmpretrain.registry import MODELS
from mmpretrain.structures import DataSample


def _samples(labels):
    return [DataSample().set_gt_label(label) for label in labels]


def test_loss_is_taken_on_the_l2_normalized_embedding():
    # (2, 0) and (0, 3) normalize to (1, 0) and (0, 1): the same landmark
    # at distance sqrt(2); (-4, 0) -> (-1, 0), another landmark, at 2 from
    # (1, 0) and sqrt(2) from (0, 1). Batch-hard, margin 1:
    #   anchor 0: sqrt(2) - 2 + 1 = 0.4142; anchor 1: sqrt(2) - sqrt(2) + 1
    #   = 1; anchor 2 has no positive -> mean 0.7071
    head = MODELS.build(
        dict(
            type='TripletEmbeddingHead',
            loss=dict(type='MinedTripletLoss', margin=1.0)))
    feats = (torch.tensor([[2., 0.], [0., 3.], [-4., 0.]]), )
    losses = head.loss(feats, _samples([0, 0, 1]))
    assert losses['loss'].item() == pytest.approx(
        (2**0.5 - 1 + 1) / 2, abs=1e-5)
    # both mined triplets violate the margin
    assert losses['triplet_active'].item() == 1.0


def test_predict_stores_the_normalized_embedding():
    head = MODELS.build(dict(type='TripletEmbeddingHead'))
    (sample, ) = head.predict((torch.tensor([[3., 4.]]), ))
    assert torch.allclose(sample.embedding, torch.tensor([0.6, 0.8]))


def test_head_trains_an_image_to_image_retriever():
    # mmpretrain's retriever calls head.loss on the encoder's output
    model = MODELS.build(
        dict(
            type='ImageToImageRetriever',
            image_encoder=[
                dict(type='ResNet', depth=18, num_stages=4, out_indices=(3, )),
                dict(type='GeMProjectionNeck', in_channels=512, embed_dims=8)
            ],
            head=dict(type='TripletEmbeddingHead'),
            prototype=torch.zeros(1, 8)))
    torch.manual_seed(0)
    losses = model(
        torch.rand(4, 3, 32, 32), _samples([0, 0, 1, 1]), mode='loss')
    losses['loss'].backward()
    grad = model.image_encoder[1].projection.weight.grad
    assert losses['loss'].item() > 0 and grad.abs().sum() > 0
