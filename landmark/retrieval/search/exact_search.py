"""Exact nearest-neighbour search by inner product, in torch (CPU or GPU)."""
from typing import Tuple

import torch


def top_k_in_gallery_order(sims: torch.Tensor,
                           k: int) -> Tuple[torch.Tensor, torch.Tensor]:
    """``(values, indices)`` of the ``k`` highest ``sims`` of each row,
    best first, equal values in gallery (column) order, as a stable sort
    ranks them (``Tensor.topk`` leaves their order open). Which of several
    values tied at the k-th place is kept stays topk's choice."""
    top = sims.topk(k, dim=1)
    by_column, perm = top.indices.sort(dim=1)
    values = top.values.gather(1, perm)
    values, order = values.sort(dim=1, descending=True, stable=True)
    return values, by_column.gather(1, order)


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
        values, columns = top_k_in_gallery_order(sims, k)
        scores.append(values)
        indices.append(columns)
    if not scores:
        empty = queries.new_zeros((0, k))
        return empty, empty.long()
    return torch.cat(scores), torch.cat(indices)
