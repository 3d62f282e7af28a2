"""The model config as MMEngine's runner builds it, for every place that
builds a model outside the runner (``tools/infer.py``, ``tools/retrieve.py``,
ensembles, embedding caches, TTA wrappers).

MMEngine's ``Runner.__init__`` merges the config's top-level
``data_preprocessor`` (mean/std, BGR->RGB, ``num_classes`` for batch
augments) into ``cfg.model`` with ``setdefault``. A model built from
``cfg.model`` alone runs without normalization: its predictions are garbage
while ``tools/test.py`` scores the same checkpoint well.
"""
import copy


def model_config_as_runner_builds(cfg) -> dict:
    """A copy of ``cfg.model`` with the top-level ``data_preprocessor``
    merged in as MMEngine's runner merges it (``setdefault``: a
    ``data_preprocessor`` given inside ``cfg.model`` wins).

    Args:
        cfg (mmengine.Config or dict): A full experiment config.

    Returns:
        dict: The model config to pass to ``MODELS.build``.

    Examples:
        >>> cfg = dict(model=dict(type='ImageClassifier'),
        ...            data_preprocessor=dict(mean=[1, 2, 3]))
        >>> model_config_as_runner_builds(cfg)['data_preprocessor']
        {'mean': [1, 2, 3]}
    """
    model_cfg = copy.deepcopy(cfg['model'])
    preprocessor = cfg.get('data_preprocessor')
    if isinstance(model_cfg, dict) and preprocessor is not None:
        model_cfg.setdefault('data_preprocessor',
                             copy.deepcopy(preprocessor))
    return model_cfg
