from landmark.segmentation.models.ensembles.checkpoint_ensemble_segmentor import (  # noqa: E501 isort: skip
    CheckpointEnsembleSegmentor)

__all__ = ['CheckpointEnsembleSegmentor']
