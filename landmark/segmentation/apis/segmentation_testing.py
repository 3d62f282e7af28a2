"""Turn a segmentation config into a test run: one checkpoint or an
ensemble of several, with or without view-weighted flip TTA."""
import copy
from typing import Optional, Sequence

from mmengine.config import Config, ConfigDict

from landmark.core.config_paths import innermost_dataset
from landmark.core.tta import DEFAULT_VIEW_WEIGHTS


def configure_segmentation_test(
        cfg: Config,
        checkpoints: Sequence[str],
        tta: bool = False,
        view_weights: Optional[Sequence[float]] = None,
        checkpoint_weights: Optional[Sequence[float]] = None) -> Config:
    """A copy of ``cfg`` that tests ``checkpoints``.

    Args:
        cfg (Config): A segmentation config (``default_scope='mmseg'``).
        checkpoints (Sequence[str]): One checkpoint, or several to average
            (:class:`CheckpointEnsembleSegmentor`, e.g. an epoch ensemble).
        tta (bool): Wrap the model in the config's ``tta_model`` (default
            :class:`WeightedFlipSegTTAModel`) over ``tta_pipeline``.
        view_weights (Sequence[float], optional): Overrides ``tta_model``'s
            view weights.
        checkpoint_weights (Sequence[float], optional): One weight per
            checkpoint; None weighs them equally.

    Returns:
        Config: The config to build the test ``Runner`` from.
    """
    cfg = copy.deepcopy(cfg)
    if not checkpoints:
        raise ValueError('configure_segmentation_test: no checkpoint given')
    if len(checkpoints) == 1:
        cfg.load_from = checkpoints[0]
    else:
        model = copy.deepcopy(cfg.model)
        cfg.model = ConfigDict(
            type='CheckpointEnsembleSegmentor',
            model=model,
            checkpoints=list(checkpoints),
            weights=checkpoint_weights,
            data_preprocessor=model.get('data_preprocessor'))
        cfg.load_from = None
    cfg.model.pop('pretrained', None)  # weights come from the checkpoints
    if tta:
        if 'tta_pipeline' not in cfg:
            raise KeyError(f'{cfg.filename}: --tta needs tta_pipeline in the '
                           'config; expected a TestTimeAug pipeline')
        tta_model = dict(
            cfg.get('tta_model') or dict(type='WeightedFlipSegTTAModel'))
        if tta_model.get('type') != 'WeightedFlipSegTTAModel':
            tta_model = dict(type='WeightedFlipSegTTAModel')
        if view_weights is not None:
            tta_model['view_weights'] = list(view_weights)
        tta_model.setdefault('view_weights', list(DEFAULT_VIEW_WEIGHTS))
        innermost_dataset(cfg.test_dataloader)['pipeline'] = \
            cfg.tta_pipeline
        cfg.model = ConfigDict(**tta_model, module=cfg.model)
    return cfg
