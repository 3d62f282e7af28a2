from landmark.retrieval.postprocess.k_reciprocal import (
    k_reciprocal_distances, k_reciprocal_rerank)
from landmark.retrieval.postprocess.query_expansion import (
    alpha_query_expansion, database_side_augmentation, weighted_neighbour_sum)

__all__ = [
    'k_reciprocal_distances', 'k_reciprocal_rerank', 'alpha_query_expansion',
    'database_side_augmentation', 'weighted_neighbour_sum'
]
