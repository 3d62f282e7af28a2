from landmark.retrieval.search.exact_search import exact_search
from landmark.retrieval.search.faiss_index import (INDEX_TYPES,
                                                   build_faiss_index,
                                                   faiss_search)

__all__ = [
    'exact_search', 'INDEX_TYPES', 'build_faiss_index',
    'faiss_search'
]
