from landmark.retrieval.datasets.samplers.class_grouped_sampler import \
    ClassGroupedSampler

__all__ = ['ClassGroupedSampler']
