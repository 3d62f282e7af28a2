"""Alpha query expansion (alpha-QE) and database-side augmentation (DBA),
on CPU or GPU tensors (Radenovic et al., "Fine-tuning CNN image retrieval
with no human annotation", TPAMI 2018).

Both replace an embedding by the L2-normalized weighted sum of itself and
its ``n`` nearest gallery embeddings, neighbour ``i`` weighted by
``max(s_i, 0) ** alpha`` (``s_i`` its cosine similarity): alpha-QE does it
to the queries, DBA to the gallery (each gallery embedding's neighbours
include itself, with ``s = 1``). ``alpha = 0`` weighs the neighbours
equally (average QE); a large alpha keeps only the closest.
"""
import torch
import torch.nn.functional as F

from landmark.retrieval.search.exact_search import exact_search


def weighted_neighbour_sum(embeddings: torch.Tensor,
                           gallery: torch.Tensor,
                           neighbour_indices: torch.Tensor,
                           neighbour_scores: torch.Tensor,
                           alpha: float,
                           self_weight: float = 1.0) -> torch.Tensor:
    """``normalize(self_weight * x + sum_i max(s_i, 0)**alpha * g_i)``.

    Args:
        embeddings (torch.Tensor): ``(N, D)``, the rows to expand.
        gallery (torch.Tensor): ``(G, D)``.
        neighbour_indices (torch.Tensor): ``(N, n)`` gallery rows.
        neighbour_scores (torch.Tensor): ``(N, n)`` their similarities.
        alpha (float): Exponent of the weights.
        self_weight (float): Weight of the row itself; 0 leaves it out
            (DBA, whose neighbour list already holds the row).

    Returns:
        torch.Tensor: ``(N, D)`` L2-normalized.
    """
    weights = neighbour_scores.clamp_min(0)**alpha  # (N, n)
    neighbours = gallery[neighbour_indices]  # (N, n, D)
    summed = (weights.unsqueeze(-1) * neighbours).sum(1)
    return F.normalize(self_weight * embeddings + summed, dim=-1)


def alpha_query_expansion(queries: torch.Tensor,
                          gallery: torch.Tensor,
                          n: int = 2,
                          alpha: float = 3.0) -> torch.Tensor:
    """Queries expanded with their ``n`` nearest gallery embeddings.

    Args:
        queries (torch.Tensor): ``(Q, D)``, L2-normalized.
        gallery (torch.Tensor): ``(G, D)``, L2-normalized.
        n (int): Neighbours added to each query. Defaults to 2.
        alpha (float): Weight exponent. Defaults to 3.

    Returns:
        torch.Tensor: ``(Q, D)`` expanded queries, L2-normalized; search
        the gallery again with them.

    Examples:
        >>> postprocess = dict(qe=dict(n=2, alpha=3.0))
    """
    if n <= 0:
        return queries
    scores, indices = exact_search(queries, gallery, n)
    return weighted_neighbour_sum(queries, gallery, indices, scores, alpha)


def database_side_augmentation(gallery: torch.Tensor,
                               n: int = 2,
                               alpha: float = 3.0,
                               chunk_size: int = 1024) -> torch.Tensor:
    """Each gallery embedding replaced by the weighted sum of its ``n``
    nearest gallery embeddings, itself included (weight 1).

    Args:
        gallery (torch.Tensor): ``(G, D)``, L2-normalized.
        n (int): Neighbours, the embedding itself counted. Defaults to 2.
        alpha (float): Weight exponent. Defaults to 3.
        chunk_size (int): Gallery rows per matrix product.

    Returns:
        torch.Tensor: ``(G, D)``, L2-normalized.
    """
    if n <= 1:
        return gallery
    out = torch.empty_like(gallery)
    for start in range(0, gallery.shape[0], chunk_size):
        rows = gallery[start:start + chunk_size]
        scores, indices = exact_search(rows, gallery, n, chunk_size)
        out[start:start + chunk_size] = weighted_neighbour_sum(
            rows, gallery, indices, scores, alpha, self_weight=0.0)
    return out
