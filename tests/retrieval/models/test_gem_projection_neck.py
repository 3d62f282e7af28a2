import torch
from mmpretrain.registry import MODELS


def test_gem_of_a_constant_map_is_the_constant():
    # (mean x^p)^(1/p) of a map of 2s is 2, whatever p
    neck = MODELS.build(
        dict(
            type='GeMProjectionNeck',
            in_channels=4,
            embed_dims=3,
            normalize=False))
    pooled = neck.pool(torch.full((1, 4, 5, 5), 2.0))
    assert torch.allclose(pooled, torch.full((1, 4), 2.0))
    # p = 3 of (0, 3) over two cells: ((0 + 27) / 2) ** (1/3) = 2.3811,
    # above the mean 1.5 and below the max 3
    two = torch.tensor([0.0, 3.0]).view(1, 1, 1, 2)
    assert torch.allclose(
        neck.pool(two), torch.tensor([[13.5**(1 / 3)]]), atol=1e-4)


def test_embeddings_are_l2_normalized():
    neck = MODELS.build(
        dict(type='GeMProjectionNeck', in_channels=8, embed_dims=16)).eval()
    (out, ) = neck((torch.rand(4, 8, 3, 3), ))
    assert out.shape == (4, 16)
    assert torch.allclose(out.norm(dim=1), torch.ones(4), atol=1e-5)


def test_flip_tta_is_the_weighted_mean_renormalized():
    from landmark.retrieval.models import fuse_view_embeddings

    # 2 * (1, 0) + 1 * (0, 1), over 3 -> (2/3, 1/3), normalized
    out = fuse_view_embeddings(
        [torch.tensor([[1., 0.]]),
         torch.tensor([[0., 1.]])], (2.0, 1.0))
    assert torch.allclose(out, torch.tensor([[2., 1.]]) / 5**0.5)
