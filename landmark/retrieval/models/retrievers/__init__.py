from landmark.retrieval.models.retrievers.gallery_retriever import \
    GalleryRetriever

__all__ = ['GalleryRetriever']
