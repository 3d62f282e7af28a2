from landmark.retrieval.postprocess.k_reciprocal import (
    k_reciprocal_distances, k_reciprocal_rerank)
from landmark.retrieval.postprocess.landmark_votes import (recognition_rows,
                                                           vote_landmarks)
from landmark.retrieval.postprocess.query_expansion import (
    alpha_query_expansion, database_side_augmentation, weighted_neighbour_sum)

__all__ = [
    'k_reciprocal_distances', 'k_reciprocal_rerank', 'recognition_rows',
    'vote_landmarks', 'alpha_query_expansion', 'database_side_augmentation',
    'weighted_neighbour_sum'
]
