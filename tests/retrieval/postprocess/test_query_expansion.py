import pytest
import torch

from landmark.retrieval.postprocess import (alpha_query_expansion,
                                            database_side_augmentation)

# g0 = (1, 0), g1 = (0, 1), g2 = (0.6, 0.8)
GALLERY = torch.tensor([[1., 0.], [0., 1.], [0.6, 0.8]])

DEVICES = ['cpu'] + (['cuda'] if torch.cuda.is_available() else [])


@pytest.mark.parametrize('device', DEVICES)
def test_alpha_query_expansion_by_hand(device):
    query = torch.tensor([[1., 0.]], device=device)
    # top-2 of q: g0 (s = 1), g2 (s = 0.6); alpha = 1:
    # q + 1 * g0 + 0.6 * g2 = (2.36, 0.48), norm sqrt(5.8) = 2.40832
    out = alpha_query_expansion(query, GALLERY.to(device), n=2, alpha=1)
    expected = torch.tensor([[2.36, 0.48]]) / 5.8**0.5
    assert torch.allclose(out.cpu(), expected, atol=1e-5)
    # alpha = 3: weights 1 and 0.216 -> (2.1296, 0.1728)
    out = alpha_query_expansion(query, GALLERY.to(device), n=2, alpha=3)
    expected = torch.tensor([[2.1296, 0.1728]])
    assert torch.allclose(out.cpu(), expected / expected.norm(), atol=1e-5)


def test_database_side_augmentation_by_hand():
    out = database_side_augmentation(GALLERY, n=2, alpha=1)
    # g1's top-2: itself (s = 1) and g2 (s = 0.8):
    # g1 + 0.8 g2 = (0.48, 1.64), norm sqrt(2.92)
    assert torch.allclose(
        out[1], torch.tensor([0.48, 1.64]) / 2.92**0.5, atol=1e-5)
    # g2's top-2: itself and g1 (0.8): (0.6, 1.6) / sqrt(2.92)
    assert torch.allclose(
        out[2], torch.tensor([0.6, 1.6]) / 2.92**0.5, atol=1e-5)
    # n = 1 is the gallery unchanged
    assert torch.equal(database_side_augmentation(GALLERY, n=1), GALLERY)
