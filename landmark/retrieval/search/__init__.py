from landmark.retrieval.search.exact_search import exact_search, l2_normalize
from landmark.retrieval.search.faiss_index import (INDEX_TYPES,
                                                   build_faiss_index,
                                                   faiss_search)

__all__ = [
    'exact_search', 'l2_normalize', 'INDEX_TYPES', 'build_faiss_index',
    'faiss_search'
]
