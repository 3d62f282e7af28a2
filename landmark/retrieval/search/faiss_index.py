"""Gallery indexes in faiss: exact inner product, or IVF/PQ for galleries
too large to scan.

``IndexFlatIP`` compares each query with every gallery embedding (exact).
``IndexIVFPQ`` clusters the gallery into ``nlist`` cells, compresses each
embedding to ``m`` bytes (product quantization) and scans only the
``nprobe`` cells nearest a query: approximate, far less memory and time on
100k+ galleries. Which one is built is a config / command-line choice
(``search=dict(type='flat')`` or ``dict(type='ivfpq', nlist=..., m=...)``).
"""
from typing import Tuple

import numpy as np

INDEX_TYPES = ('flat', 'ivfpq')


def _as_float32(embeddings) -> np.ndarray:
    if hasattr(embeddings, 'detach'):  # a torch tensor, on any device
        embeddings = embeddings.detach().cpu().numpy()
    return np.ascontiguousarray(embeddings, dtype=np.float32)


def build_faiss_index(gallery,
                      type: str = 'flat',
                      nlist: int = 1024,
                      m: int = 64,
                      nbits: int = 8,
                      nprobe: int = 16,
                      seed: int = 0):
    """An inner-product faiss index holding ``gallery``.

    Args:
        gallery (np.ndarray | torch.Tensor): ``(G, D)`` embeddings,
            L2-normalized for cosine similarity.
        type (str): ``'flat'`` (exact, ``IndexFlatIP``) or ``'ivfpq'``
            (``IndexIVFPQ``). Defaults to ``'flat'``.
        nlist (int): IVF cells; lowered to ``G // 39`` when the gallery is
            too small to train that many (faiss wants ~39 points per cell).
        m (int): PQ sub-vectors (bytes per embedding); must divide ``D``.
        nbits (int): Bits per sub-vector code. Defaults to 8.
        nprobe (int): Cells scanned per query. Defaults to 16.
        seed (int): Seed of the k-means training sample. Defaults to 0.

    Returns:
        faiss.Index: The trained index with the gallery added.

    Examples:
        >>> search = dict(type='ivfpq', nlist=256, m=64, nprobe=16)
        >>> index = build_faiss_index(gallery, **search)
    """
    import faiss
    if type not in INDEX_TYPES:
        raise ValueError(f'search type {type!r}; expected one of '
                         f'{INDEX_TYPES}')
    data = _as_float32(gallery)
    dim = data.shape[1]
    if type == 'flat':
        index = faiss.IndexFlatIP(dim)
        index.add(data)
        return index
    if dim % m:
        raise ValueError(f'ivfpq: m={m} must divide the embedding dimension '
                         f'{dim}')
    nlist = max(1, min(nlist, data.shape[0] // 39))
    quantizer = faiss.IndexFlatIP(dim)
    index = faiss.IndexIVFPQ(quantizer, dim, nlist, m, nbits,
                             faiss.METRIC_INNER_PRODUCT)
    # PQ training wants 2**nbits points per centroid; sample at most 64k
    rng = np.random.default_rng(seed)
    sample = data[rng.permutation(len(data))[:65536]]
    index.train(sample)
    index.add(data)
    index.nprobe = min(nprobe, nlist)
    return index


def faiss_search(index, queries, k: int) -> Tuple[np.ndarray, np.ndarray]:
    """``(scores, indices)``, each ``(Q, k)``, best first, equal scores
    in gallery order (faiss leaves their order to its heap, so duplicate
    gallery photos came back in any order); an approximate index may
    return ``-1`` indices, last, when it finds fewer than ``k``."""
    k = min(int(k), index.ntotal)
    scores, indices = index.search(_as_float32(queries), k)
    found_last = np.where(indices < 0, np.iinfo(indices.dtype).max, indices)
    order = np.lexsort((found_last, -scores), axis=-1)
    return (np.take_along_axis(scores, order, 1),
            np.take_along_axis(indices, order, 1))
