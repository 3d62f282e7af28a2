import pytest
from mmengine.config import Config

from landmark.classification.apis.tuning_keys import apply_hook_keys

LDAM_CPU = ('configs/classification/ldam/'
            'ldam-drw_resnet18_1xb32-64px-10e_trash.py')


def _start_epochs(cfg):
    return [
        h['start_epoch'] for h in cfg.custom_hooks
        if h['type'] == 'DeferredReweightingHook'
    ]


def test_drw_start_epoch_from_the_command_line_reaches_the_hook():
    cfg = Config.fromfile(LDAM_CPU)
    # the 30-epoch base froze 24 into the hook when it loaded
    assert _start_epochs(cfg) == [24]
    apply_hook_keys(cfg)
    assert _start_epochs(cfg) == [8]  # the 64-px config's key
    cfg.merge_from_dict({'drw_start_epoch': 3})  # --cfg-options
    apply_hook_keys(cfg)
    assert _start_epochs(cfg) == [3]


def test_a_bad_drw_start_epoch_is_one_line():
    cfg = Config(dict(drw_start_epoch='late', custom_hooks=[]))
    with pytest.raises(ValueError,
                       match="drw_start_epoch='late'; expected an integer"):
        apply_hook_keys(cfg)


def test_cutmix_start_epoch_reaches_its_hook():
    cfg = Config.fromfile('configs/classification/ce/'
                          'ce_resnet18_1xb32-cutmix-late-30e_trash.py')
    cfg.merge_from_dict({'cutmix_start_epoch': 4})
    apply_hook_keys(cfg)
    assert [
        h['start_epoch'] for h in cfg.custom_hooks
        if h['type'] == 'BatchAugmentsFromEpochHook'
    ] == [4]
