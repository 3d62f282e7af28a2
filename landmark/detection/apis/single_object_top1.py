"""The ``single_object_top1`` config switch: one box per image."""
from mmengine.config import Config


def apply_single_object_top1(cfg: Config) -> bool:
    """Keep only the top-1 box (with its class) per image if the config
    says ``single_object_top1 = True``.

    Sets ``max_per_img=1`` where the detector's test config has it
    (``model.test_cfg`` for DINO and RetinaNet, ``model.test_cfg.rcnn`` for
    the two-stage detectors).

    Returns:
        bool: Whether the switch was on.
    """
    if not cfg.get('single_object_top1', False):
        return False
    test_cfg = cfg.model.get('test_cfg')
    if test_cfg is None:
        raise KeyError('single_object_top1 = True needs model.test_cfg')
    target = test_cfg.get('rcnn', test_cfg)
    target['max_per_img'] = 1
    return True
