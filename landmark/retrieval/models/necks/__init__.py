from landmark.retrieval.models.necks.gem_projection_neck import \
    GeMProjectionNeck

__all__ = ['GeMProjectionNeck']
