"""The tools add EpochSeedHook to every training config, whatever list of
custom hooks the config ends with, unless it says ``exact_resume = False``.
"""
from mmengine.config import Config

from landmark.core.runner import apply_exact_resume


def test_the_hook_is_added_after_the_configs_own_hooks():
    cfg = Config(dict(custom_hooks=[dict(type='KeepLastEpochsHook')]))
    apply_exact_resume(cfg)
    assert [h['type'] for h in cfg.custom_hooks] == [
        'KeepLastEpochsHook', 'EpochSeedHook'
    ]


def test_a_config_without_custom_hooks_gets_it():
    cfg = Config(dict())
    apply_exact_resume(cfg)
    assert cfg.custom_hooks == [dict(type='EpochSeedHook')]


def test_it_is_not_added_twice():
    cfg = Config(dict(custom_hooks=[dict(type='EpochSeedHook', seed=3)]))
    apply_exact_resume(cfg)
    apply_exact_resume(cfg)
    assert cfg.custom_hooks == [dict(type='EpochSeedHook', seed=3)]


def test_exact_resume_false_leaves_the_config_alone():
    cfg = Config(dict(exact_resume=False, custom_hooks=[]))
    apply_exact_resume(cfg)
    assert cfg.custom_hooks == []
