from landmark.retrieval.models.tta.flip_embedding_tta_model import (
    FlipEmbeddingTTAModel, fuse_view_embeddings)

__all__ = ['FlipEmbeddingTTAModel', 'fuse_view_embeddings']
