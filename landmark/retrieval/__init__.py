"""Landmark retrieval on mmpretrain (``default_scope = 'mmpretrain'``):
embedding models (GeM + projection, ArcFace), faiss search, query
expansion / DBA / k-reciprocal re-ranking within a time budget, the
Kaggle retrieval CSV.

Importing it imports ``landmark.classification``, which applies
landmark's changes for mmpretrain (``np.in1d`` for mmpretrain's retrieval
metrics; :mod:`landmark.core.compat`), and registers landmark's retrieval
modules in mmpretrain's registries. It never imports mmseg.
"""
# isort: off
import landmark.classification  # noqa: F401

from landmark.retrieval import apis, datasets, evaluation  # noqa: E402
from landmark.retrieval import models, visualization  # noqa: E402
from landmark.retrieval import postprocess, search  # noqa: E402
# isort: on

__all__ = [
    'apis', 'visualization', 'datasets', 'evaluation', 'models', 'postprocess',
    'search'
]
