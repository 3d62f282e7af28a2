"""Exact nearest-neighbour search by inner product, in torch (CPU or GPU)."""
from typing import Tuple

import torch


def exact_search(queries: torch.Tensor,
                 gallery: torch.Tensor,
                 k: int,
                 chunk_size: int = 1024) -> Tuple[torch.Tensor, torch.Tensor]:
    """The ``k`` gallery rows of highest inner product with each query.

    For L2-normalized embeddings the inner product is the cosine
    similarity. Queries are taken ``chunk_size`` at a time so the score
    matrix never holds more than ``chunk_size x len(gallery)`` values.

    Args:
        queries (torch.Tensor): ``(Q, D)``.
        gallery (torch.Tensor): ``(G, D)``, on the queries' device.
        k (int): Neighbours per query, at most ``G``.
        chunk_size (int): Queries per matrix product. Defaults to 1024.

    Returns:
        tuple[torch.Tensor, torch.Tensor]: ``scores`` ``(Q, k)`` in
        decreasing order and the gallery ``indices`` ``(Q, k)``.
    """
    k = min(int(k), gallery.shape[0])
    scores, indices = [], []
    for start in range(0, queries.shape[0], chunk_size):
        sims = queries[start:start + chunk_size] @ gallery.T
        top = sims.topk(k, dim=1)
        scores.append(top.values)
        indices.append(top.indices)
    if not scores:
        empty = queries.new_zeros((0, k))
        return empty, empty.long()
    return torch.cat(scores), torch.cat(indices)
