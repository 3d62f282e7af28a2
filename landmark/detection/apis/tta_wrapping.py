"""``--tta``: wrap the detector in the config's test-time augmentation."""
import copy

from mmengine.config import Config, ConfigDict
from mmengine.logging import print_log

from landmark.core.config_paths import innermost_dataset

TTA_BASE_HINT = "'../_base_/tta/flip-wbf.py'"


def ensure_tta_settings(cfg: Config) -> None:
    """Give ``cfg`` flip-TTA settings where it has none (as MMDetection's
    ``tools/test.py`` does for ``--tta``).

    A missing ``tta_model`` becomes ``FusionTTAModel`` with its defaults:
    the original and the flipped view fused by Weighted Boxes Fusion, the
    original weighted 2 to 1, the top box kept (what
    ``configs/_base_/tta/flip-wbf.py`` sets). A missing ``tta_pipeline`` is
    derived from the config's own test pipeline (same loading and resizing,
    then both views), so a tiny 320-px config is tested at 320 px.
    """
    from landmark.detection.models.tta import flip_tta_pipeline
    if 'tta_model' not in cfg:
        cfg.tta_model = dict(type='FusionTTAModel')
        print_log(
            '--tta: the config has no tta_model; using flip + WBF, views '
            f'weighted 2:1, top-1. Add {TTA_BASE_HINT} (or another snippet '
            'of configs/_base_/tta/) to its `_base_` to choose another.',
            logger='current')
    if 'tta_pipeline' not in cfg:
        # the usual case: the views are made from the config's own test
        # pipeline, so they see what the plain test sees
        cfg.tta_pipeline = flip_tta_pipeline(
            innermost_dataset(cfg.test_dataloader).pipeline)
        print_log(
            '--tta: tta_pipeline = the test pipeline + a flipped view',
            logger='current')


def apply_tta(cfg: Config) -> None:
    """Wrap the model in the config's TTA model, mmdet style.

    ``cfg.model`` becomes ``tta_model`` around the detector and the test
    data's innermost pipeline becomes ``tta_pipeline`` (both from
    :func:`ensure_tta_settings` where the config has none).
    """
    ensure_tta_settings(cfg)
    cfg.model = ConfigDict(**cfg.tta_model, module=cfg.model)
    innermost_dataset(cfg.test_dataloader)['pipeline'] = copy.deepcopy(
        cfg.tta_pipeline)
