"""Search and post-processing of one query set against one gallery, with
the settings chosen (by hand or by the time budget) and a deadline that
re-ranking never runs past."""
import time
from dataclasses import dataclass, field
from typing import Optional

import numpy as np
import torch

from landmark.retrieval.postprocess import (alpha_query_expansion,
                                            database_side_augmentation,
                                            k_reciprocal_rerank)
from landmark.retrieval.search import build_faiss_index, faiss_search


@dataclass
class RetrievalSettings:
    """What a retrieval run does after embedding.

    Args:
        depth (int): Results re-ranked per query by k-reciprocal
            re-ranking; 0 for none.
        qe (int): Neighbours of alpha query expansion; 0 for none.
        dba (int): Neighbours of database-side augmentation; 0 for none.
        alpha (float): Exponent of QE and DBA weights. Defaults to 3.
        k1, k2, lambda_value: Of the re-ranking (20, 6, 0.3).
        search (dict): The faiss index, ``dict(type='flat')`` or
            ``dict(type='ivfpq', nlist=..., m=..., nprobe=...)``.
    """
    depth: int = 0
    qe: int = 0
    dba: int = 0
    alpha: float = 3.0
    k1: int = 20
    k2: int = 6
    lambda_value: float = 0.3
    search: dict = field(default_factory=lambda: dict(type='flat'))

    def describe(self) -> str:
        parts = [self.search.get('type', 'flat')]
        parts.append(f'QE n={self.qe}' if self.qe else 'no QE')
        parts.append(f'DBA n={self.dba}' if self.dba else 'no DBA')
        parts.append(f're-ranking depth {self.depth}' if self.
                     depth else 'no re-ranking')
        return ', '.join(parts)


@dataclass
class RetrievalResult:
    """``indices`` / ``scores`` ``(Q, k)`` numpy, best first; how many
    queries were re-ranked, and the seconds taken."""
    indices: np.ndarray
    scores: np.ndarray
    num_reranked: int = 0
    seconds: float = 0.0


def retrieve(queries: torch.Tensor,
             gallery: torch.Tensor,
             settings: RetrievalSettings,
             k: int = 100,
             deadline: Optional[float] = None,
             rerank_chunk: int = 8) -> RetrievalResult:
    """DBA, index, alpha-QE, search, then re-ranking of each query's top
    ``settings.depth`` until ``deadline`` (a ``time.monotonic()`` value):
    queries not re-ranked by then keep the search's order.

    Args:
        queries (torch.Tensor): ``(Q, D)`` L2-normalized, CPU or GPU.
        gallery (torch.Tensor): ``(G, D)`` L2-normalized.
        settings (RetrievalSettings): What to do.
        k (int): Results per query. Defaults to 100.
        deadline (float, optional): ``time.monotonic()`` after which no
            further query is re-ranked.
        rerank_chunk (int): Queries re-ranked between deadline checks.
    """
    start = time.monotonic()
    if settings.dba:
        gallery = database_side_augmentation(gallery, settings.dba,
                                             settings.alpha)
    index = build_faiss_index(gallery, **settings.search)
    if settings.qe:
        queries = alpha_query_expansion(queries, gallery, settings.qe,
                                        settings.alpha)
    depth = min(settings.depth, gallery.shape[0])
    scores, indices = faiss_search(index, queries, max(k, depth))
    done = 0
    if depth:
        top = torch.from_numpy(indices).to(queries.device)
        per_chunk = 0.0
        while done < len(queries):
            now = time.monotonic()
            if deadline is not None and now + per_chunk > deadline:
                break
            end = min(done + rerank_chunk, len(queries))
            reranked, _ = k_reciprocal_rerank(queries[done:end], gallery,
                                              top[done:end], depth,
                                              settings.k1, settings.k2,
                                              settings.lambda_value)
            indices[done:end] = reranked.cpu().numpy()
            # re-ranked results get their search similarity again
            scores[done:end] = np.take_along_axis(
                (queries[done:end] @ gallery.T).cpu().numpy(),
                indices[done:end], 1)
            per_chunk = time.monotonic() - now
            done = end
    return RetrievalResult(indices[:, :k], scores[:, :k], done,
                           time.monotonic() - start)
