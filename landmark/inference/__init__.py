"""Predict from Python: :class:`Inferencer` (any task, from a config and a
checkpoint) and the plain results it returns."""
from landmark.inference.inferencer import Inferencer, task_of_config
from landmark.inference.results import (ClassificationResult,
                                        DetectionResult, EmbeddingResult,
                                        Results, SegmentationResult)

__all__ = [
    'Inferencer', 'task_of_config', 'Results', 'DetectionResult',
    'ClassificationResult', 'SegmentationResult', 'EmbeddingResult'
]
