import numpy as np
import pytest
import torch
import torch.nn.functional as F

from landmark.retrieval.search import (build_faiss_index, exact_search,
                                       faiss_search)


def _embeddings(n, dim=32, seed=0):
    gen = torch.Generator().manual_seed(seed)
    return F.normalize(torch.randn(n, dim, generator=gen), dim=-1)


def test_exact_search_by_hand():
    gallery = torch.tensor([[1., 0.], [0., 1.], [0.6, 0.8]])
    scores, indices = exact_search(torch.tensor([[0., 1.]]), gallery, 2)
    # inner products 0, 1, 0.8: gallery 1 then 2
    assert indices.tolist() == [[1, 2]]
    assert torch.allclose(scores, torch.tensor([[1.0, 0.8]]))


def test_faiss_flat_agrees_with_brute_force():
    gallery, queries = _embeddings(500), _embeddings(40, seed=1)
    scores, indices = faiss_search(
        build_faiss_index(gallery, 'flat'), queries, 10)
    sims = queries.numpy() @ gallery.numpy().T  # brute force in numpy
    expected = np.argsort(-sims, axis=1)[:, :10]
    np.testing.assert_array_equal(indices, expected)
    np.testing.assert_allclose(
        scores, np.take_along_axis(sims, expected, 1), atol=1e-5)
    torch_scores, torch_indices = exact_search(
        queries, gallery, 10, chunk_size=7)
    np.testing.assert_array_equal(torch_indices.numpy(), expected)


def test_ivfpq_finds_near_copies():
    # each query is a gallery item plus a little noise: the approximate
    # index must still rank that item first for nearly all of them
    gallery = _embeddings(2000, dim=32)
    noise = 0.05 * _embeddings(100, dim=32, seed=2)
    queries = F.normalize(gallery[:100] + noise, dim=-1)
    index = build_faiss_index(gallery, 'ivfpq', nlist=16, m=8, nprobe=4)
    assert index.nlist == 16
    _, indices = faiss_search(index, queries, 5)
    hit = (indices[:, 0] == np.arange(100)).mean()
    assert hit >= 0.9


def test_ivfpq_names_a_bad_m():
    with pytest.raises(ValueError, match='m=5 must divide .* 32'):
        build_faiss_index(_embeddings(100), 'ivfpq', m=5)
    with pytest.raises(ValueError, match="search type 'hnsw'"):
        build_faiss_index(_embeddings(100), 'hnsw')


def test_equal_similarities_come_in_gallery_order():
    """Duplicate gallery photos tie; the two tools' rankings agree only if
    both break ties the same way (by gallery order)."""
    torch.manual_seed(0)
    distinct = F.normalize(torch.randn(6, 16), dim=1)
    # each photo three times, interleaved: rows 0..5, 0..5, 0..5
    gallery = distinct.repeat(3, 1)
    index = build_faiss_index(gallery, type='flat')
    scores, indices = faiss_search(index, distinct, 18)
    for query in range(6):
        assert indices[query, :3].tolist() == [query, query + 6, query + 12]
        assert np.all(np.diff(scores[query]) <= 0)
    # rows of ties everywhere still sort by score first
    assert np.all(np.diff(scores, axis=1) <= 0)


def test_exact_search_ranks_ties_in_gallery_order_too():
    torch.manual_seed(0)
    distinct = F.normalize(torch.randn(6, 16), dim=1)
    gallery = distinct.repeat(3, 1)
    scores, indices = exact_search(distinct, gallery, 18)
    for query in range(6):
        assert indices[query, :3].tolist() == [query, query + 6, query + 12]
    assert torch.all(scores[:, 1:] <= scores[:, :-1])
