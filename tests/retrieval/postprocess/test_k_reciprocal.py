import pytest
import torch

from landmark.retrieval.postprocess import (k_reciprocal_distances,
                                            k_reciprocal_rerank)

# a query (0) and three gallery images; 2 is nearest the query but its own
# nearest is 3, while 1 and the query are each other's neighbours
DIST = torch.tensor([[0.0, 0.4, 0.3, 0.9], [0.4, 0.0, 0.8, 1.0],
                     [0.3, 0.8, 0.0, 0.1], [0.9, 1.0, 0.1, 0.0]])


def _by_hand():
    """k1 = 2, k2 = 1, lambda = 0.3, worked by hand.

    3 nearest (self first): 0: 0 2 1; 1: 1 0 2; 2: 2 3 0; 3: 3 2 0.
    k-reciprocal sets: R0 = {0, 1, 2}, R1 = {0, 1}, R2 = {0, 2, 3},
    R3 = {2, 3}. round(k1 / 2) = 1: R'(0) = {0}, R'(1) = {1},
    R'(2) = R'(3) = {2, 3}; no expansion adds anyone (R2 does not hold 2/3
    of {2, 3} for R0: |{2}| = 1 <= 4/3).
    V rows, exp(-d) over the set, summed to 1:
      V0 = (1, e^-.4, e^-.3, 0) / 2.41114 = (.41474, .27801, .30725, 0)
      V1 = (e^-.4, 1, 0, 0) / 1.67032 = (.40131, .59869, 0, 0)
      V2 = (e^-.3, 0, 1, e^-.1) / 2.64566 = (.28001, 0, .37798, .34201)
      V3 = (0, 0, 1, e^-.1) / 1.90484 ... = (0, 0, .52498, .47502)
    Jaccard 1 - sum min / sum max against V0:
      1: 1 - .67932 / 1.32068 = .48563
      2: 1 - .58726 / 1.41274 = .58431
      3: 1 - .30725 / 1.69275 = .81849
    final = .7 * jaccard + .3 * d: (0, .45994, .49902, .84294)
    """
    return torch.tensor([0.0, 0.45994, 0.49902, 0.84294])


def test_k_reciprocal_distances_by_hand():
    final = k_reciprocal_distances(DIST, k1=2, k2=1, lambda_value=0.3)
    assert torch.allclose(final, _by_hand(), atol=1e-4)
    # so re-ranking puts 1 (mutual neighbour) before 2 (nearer)
    assert final[1:].argsort().tolist() == [0, 1, 2]


def test_lambda_one_keeps_the_original_distance():
    final = k_reciprocal_distances(DIST, k1=2, k2=1, lambda_value=1.0)
    assert torch.allclose(final, DIST[0])


def _embeddings_for(dist):
    """Vectors whose 2 - 2 <x, y> approximates ``dist`` (classical MDS
    on the Gram matrix 1 - d / 2)."""
    gram = 1 - dist / 2
    values, vectors = torch.linalg.eigh(gram.double())
    points = vectors * values.clamp_min(0).sqrt()
    return points.float()


DEVICES = ['cpu'] + (['cuda'] if torch.cuda.is_available() else [])


@pytest.mark.parametrize('device', DEVICES)
def test_rerank_reorders_within_depth_only(device):
    points = _embeddings_for(DIST).to(device)
    query, gallery = points[:1], points[1:]
    # search order by distance: gallery 1 (0.3), 0 (0.4), 2 (0.9)
    top = torch.tensor([[1, 0, 2]], device=device)
    out, dist = k_reciprocal_rerank(
        query, gallery, top, depth=3, k1=2, k2=1, lambda_value=0.3)
    assert out.tolist() == [[0, 1, 2]]
    # the points only approximate DIST (its Gram matrix is not exactly
    # positive semi-definite): compare with the set's own distances
    members = points.cpu()
    own = (2 - 2 * members @ members.T).clamp_min(0)
    expected = k_reciprocal_distances(own, k1=2, k2=1, lambda_value=0.3)
    assert torch.allclose(
        dist.cpu(), expected[1:].sort().values[None], atol=1e-5)
    # depth 1 re-ranks nothing: the order of the search stays
    out, _ = k_reciprocal_rerank(query, gallery, top, depth=1, k1=2)
    assert out.tolist() == [[1, 0, 2]]
