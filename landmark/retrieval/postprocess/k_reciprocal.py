"""k-reciprocal re-ranking restricted to each query's top-k, on CPU or GPU
tensors (Zhong et al., "Re-ranking Person Re-identification with
k-reciprocal Encoding", CVPR 2017).

The original re-ranks with the distances among all queries and gallery
images, O((Q+G)^2) memory. Here each query is re-ranked within its own
``depth`` nearest gallery images: the set ``S = {query} + top-depth``, its
pairwise distances ``d = 2 - 2 cos`` (squared Euclidean distance of unit
vectors; the original further divides each column by its maximum, which
is left out so that lambda weighs the same distance for every query), and
then, in ``S``:

1. ``R(i, k1)``: the k-reciprocal neighbours of ``i``, the ``j`` among
   ``i``'s ``k1 + 1`` nearest (itself included) that have ``i`` among
   their own ``k1 + 1`` nearest;
2. expanded by ``R(j, round(k1 / 2))`` of each ``j`` in ``R(i, k1)`` that
   shares more than 2/3 of its members with ``R(i, k1)``;
3. encoded as ``V[i, j] = exp(-d[i, j])`` on the expanded set, 0 off it,
   rows summing to 1;
4. local query expansion: ``V[i]`` replaced by the mean of ``V`` over
   ``i``'s ``k2`` nearest;
5. the Jaccard distance ``1 - sum min(V_q, V_j) / sum max(V_q, V_j)``;
6. final distance ``(1 - lambda) * jaccard + lambda * d``.

Cost per query grows with ``depth ** 2 * k1`` (the neighbour sets) and
``depth ** 2 * D`` (the distances): depth 1000 costs ~100x depth 100,
which is what the time budget (:mod:`landmark.retrieval.apis.time_budget`)
measures before choosing a depth.
"""
from typing import Tuple

import torch


def _neighbour_mask(order: torch.Tensor, k: int) -> torch.Tensor:
    """``mask[i, j]``: ``j`` is among the ``k + 1`` nearest of ``i``."""
    n = order.shape[0]
    mask = torch.zeros(n, n, dtype=torch.bool, device=order.device)
    mask.scatter_(1, order[:, :k + 1], True)
    return mask


def k_reciprocal_distances(dist: torch.Tensor,
                           k1: int = 20,
                           k2: int = 6,
                           lambda_value: float = 0.3) -> torch.Tensor:
    """Re-ranked distances from row 0 (the query) to every member of a set.

    Args:
        dist (torch.Tensor): ``(n, n)`` pairwise distances of the set, the
            query first.
        k1 (int): Size of the k-reciprocal neighbourhood. Defaults to 20.
        k2 (int): Neighbours of the local query expansion. Defaults to 6.
        lambda_value (float): Weight of the original distance. Defaults
            to 0.3.

    Returns:
        torch.Tensor: ``(n,)`` final distances of the query to the set.
    """
    n = dist.shape[0]
    k1 = min(k1, n - 1)
    half = min(int(round(k1 / 2)), n - 1)
    order = dist.argsort(dim=1)
    forward = _neighbour_mask(order, k1)
    reciprocal = forward & forward.T  # R(i, k1), as a mask
    forward_half = _neighbour_mask(order, half)
    reciprocal_half = forward_half & forward_half.T  # R(j, k1 / 2)
    # step 2, only for the candidates j in i's k1 + 1 nearest
    candidates = order[:, :k1 + 1]  # (n, k1 + 1)
    cand_sets = reciprocal_half[candidates]  # (n, k1 + 1, n)
    shared = (cand_sets & reciprocal.unsqueeze(1)).sum(-1)
    keep = reciprocal.gather(1, candidates) & (
        shared > 2 / 3 * cand_sets.sum(-1))
    expanded = reciprocal | (cand_sets & keep.unsqueeze(-1)).any(1)
    # step 3
    weights = torch.exp(-dist) * expanded
    V = weights / weights.sum(1, keepdim=True)
    # step 4
    if k2 > 1:
        V = V[order[:, :min(k2, n)]].mean(1)
    # step 5, the query against everyone
    mins = torch.minimum(V[0:1], V).sum(1)
    maxs = torch.maximum(V[0:1], V).sum(1)
    jaccard = 1 - mins / maxs
    return (1 - lambda_value) * jaccard + lambda_value * dist[0]


def k_reciprocal_rerank(
        queries: torch.Tensor,
        gallery: torch.Tensor,
        top_indices: torch.Tensor,
        depth: int = 100,
        k1: int = 20,
        k2: int = 6,
        lambda_value: float = 0.3) -> Tuple[torch.Tensor, torch.Tensor]:
    """Re-rank each query's first ``depth`` results.

    Args:
        queries (torch.Tensor): ``(Q, D)``, L2-normalized.
        gallery (torch.Tensor): ``(G, D)``, L2-normalized.
        top_indices (torch.Tensor): ``(Q, K)`` gallery rows from a search,
            best first, ``K >= depth`` (results past ``depth`` keep their
            order after the re-ranked ones).
        depth (int): Results re-ranked per query. Defaults to 100.
        k1, k2, lambda_value: See :func:`k_reciprocal_distances`.

    Returns:
        tuple[torch.Tensor, torch.Tensor]: ``indices`` ``(Q, K)``
        re-ordered, and ``distances`` ``(Q, depth)`` of the re-ranked part
        (ascending).

    Examples:
        >>> postprocess = dict(rerank=dict(depth=100, k1=20, k2=6,
        ...                                lambda_value=0.3))
    """
    depth = min(depth, top_indices.shape[1])
    out = top_indices.clone()
    distances = queries.new_zeros((queries.shape[0], depth))
    for q in range(queries.shape[0]):
        candidates = top_indices[q, :depth]
        members = torch.cat([queries[q:q + 1], gallery[candidates]])
        dist = (2 - 2 * members @ members.T).clamp_min(0)
        final = k_reciprocal_distances(dist, k1, k2, lambda_value)[1:]
        final, order = final.sort(stable=True)
        out[q, :depth] = candidates[order]
        distances[q] = final
    return out, distances
