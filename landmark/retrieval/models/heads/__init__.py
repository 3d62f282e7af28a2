from landmark.retrieval.models.heads.triplet_embedding_head import \
    TripletEmbeddingHead

__all__ = ['TripletEmbeddingHead']
