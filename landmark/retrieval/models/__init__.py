from landmark.retrieval.models.heads import TripletEmbeddingHead
from landmark.retrieval.models.losses import (MinedTripletLoss,
                                              mine_batch_hard, mine_semi_hard,
                                              pairwise_distances)
from landmark.retrieval.models.necks import GeMProjectionNeck
from landmark.retrieval.models.retrievers import GalleryRetriever
from landmark.retrieval.models.tta import (FlipEmbeddingTTAModel,
                                           fuse_view_embeddings)

__all__ = [
    'TripletEmbeddingHead', 'MinedTripletLoss', 'mine_batch_hard',
    'mine_semi_hard', 'pairwise_distances', 'GeMProjectionNeck',
    'FlipEmbeddingTTAModel', 'fuse_view_embeddings', 'GalleryRetriever'
]
