from landmark.retrieval.models.necks import GeMProjectionNeck
from landmark.retrieval.models.tta import (FlipEmbeddingTTAModel,
                                           fuse_view_embeddings)

__all__ = [
    'GeMProjectionNeck', 'FlipEmbeddingTTAModel', 'fuse_view_embeddings'
]
