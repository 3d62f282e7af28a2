"""Turn a segmentation config into a test run: one checkpoint or an
ensemble of several, with or without view-weighted flip TTA."""
import copy
from typing import List, Optional, Sequence

from mmengine.config import Config, ConfigDict
from mmengine.logging import print_log

from landmark.core.config_paths import innermost_dataset
from landmark.core.model_config import model_config_as_runner_builds
from landmark.core.tta import DEFAULT_VIEW_WEIGHTS
from landmark.segmentation.apis.num_classes import (check_checkpoint_classes,
                                                    data_classes,
                                                    match_num_classes)

# steps a TTA pipeline need not repeat from the test pipeline
_LOADING_STEPS = ('LoadImageFromFile', 'LoadAnnotations', 'PackSegInputs')


def _step_types(pipeline) -> List[str]:
    types = []
    for step in pipeline or []:
        if isinstance(step, (list, tuple)):
            types += _step_types(step)
        elif isinstance(step, dict):
            types.append(step.get('type'))
            types += _step_types(step.get('transforms'))
    return types


def flip_tta_pipeline(test_pipeline: Sequence[dict]) -> List[dict]:
    """The test pipeline with its packing replaced by two views, the photo
    and its horizontal mirror (``TestTimeAug``): every resize or other
    step of the test pipeline is kept, in order. The ground truth is loaded
    after the flip (unflipped, at the photo's size).

    Examples:
        >>> flip_tta_pipeline([dict(type='LoadImageFromFile'),
        ...                    dict(type='PixelBudgetResize'),
        ...                    dict(type='LoadAnnotations'),
        ...                    dict(type='PackSegInputs')])[:2]
        [{'type': 'LoadImageFromFile'}, {'type': 'PixelBudgetResize'}]
    """
    steps = copy.deepcopy(list(test_pipeline))
    kept = [s for s in steps
            if s.get('type') not in ('LoadAnnotations', 'PackSegInputs')]
    annotations = [s for s in steps if s.get('type') == 'LoadAnnotations']
    packing = [s for s in steps if s.get('type') == 'PackSegInputs'] or [
        dict(type='PackSegInputs')
    ]
    views = [
        dict(type='RandomFlip', prob=0., direction='horizontal'),
        dict(type='RandomFlip', prob=1., direction='horizontal')
    ]
    groups = [views] + ([annotations[:1]] if annotations else []) + \
        [packing[:1]]
    return kept + [dict(type='TestTimeAug', transforms=groups)]


def _tta_pipeline(cfg: Config) -> list:
    """The config's own ``tta_pipeline`` when it writes one (a step of the
    test pipeline it lacks is named in a warning), else
    :func:`flip_tta_pipeline` of the test pipeline."""
    test_pipeline = innermost_dataset(cfg.test_dataloader)['pipeline']
    if not cfg.get('tta_pipeline'):
        return flip_tta_pipeline(test_pipeline)
    missing = [
        t for t in _step_types(test_pipeline)
        if t not in _LOADING_STEPS and t not in _step_types(cfg.tta_pipeline)
    ]
    if missing:
        print_log(
            f'warning: the config\'s tta_pipeline lacks {missing} of the test '
            'pipeline, so --tta runs without them; delete tta_pipeline to '
            'have it derived from test_pipeline',
            logger='current')
    return cfg.tta_pipeline


def configure_segmentation_test(
        cfg: Config,
        checkpoints: Sequence[str],
        tta: bool = False,
        view_weights: Optional[Sequence[float]] = None,
        checkpoint_weights: Optional[Sequence[float]] = None) -> Config:
    """A copy of ``cfg`` that tests ``checkpoints``.

    The top-level ``data_preprocessor`` is merged into the model as
    MMEngine's runner merges it (so an ensemble's or TTA wrapper's model,
    and a model built outside the runner, normalize as training did); the
    decode head(s) predict as many classes as the data has, and a
    checkpoint that predicts another number is refused.

    Args:
        cfg (Config): A segmentation config (``default_scope='mmseg'``).
        checkpoints (Sequence[str]): One checkpoint, or several to average
            (:class:`CheckpointEnsembleSegmentor`, e.g. an epoch ensemble).
        tta (bool): Wrap the model in the config's ``tta_model`` (default
            :class:`WeightedFlipSegTTAModel`) over ``tta_pipeline``, or, when
            the config has none, the test pipeline with a flipped view
            (:func:`flip_tta_pipeline`).
        view_weights (Sequence[float], optional): Overrides ``tta_model``'s
            view weights.
        checkpoint_weights (Sequence[float], optional): One weight per
            checkpoint; None weighs them equally.

    Returns:
        Config: The config to build the test ``Runner`` from.

    Raises:
        ClassCountError: A checkpoint predicts another number of classes
            than the data has, or two data sets name different classes.
    """
    cfg = copy.deepcopy(cfg)
    if not checkpoints:
        raise ValueError('configure_segmentation_test: no checkpoint given')
    cfg.model = ConfigDict(model_config_as_runner_builds(cfg))
    num_classes = match_num_classes(cfg)
    check_checkpoint_classes(checkpoints, num_classes,
                             data_classes(cfg) or ())
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
        tta_model = dict(
            cfg.get('tta_model') or dict(type='WeightedFlipSegTTAModel'))
        if tta_model.get('type') != 'WeightedFlipSegTTAModel':
            tta_model = dict(type='WeightedFlipSegTTAModel')
        if view_weights is not None:
            tta_model['view_weights'] = list(view_weights)
        tta_model.setdefault('view_weights', list(DEFAULT_VIEW_WEIGHTS))
        innermost_dataset(cfg.test_dataloader)['pipeline'] = \
            _tta_pipeline(cfg)
        cfg.model = ConfigDict(**tta_model, module=cfg.model)
    return cfg
