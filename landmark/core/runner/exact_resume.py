"""Every training run replays exactly when resumed: the tools add
:class:`landmark.core.hooks.EpochSeedHook` to the config."""
from mmengine.config import Config

SEED_HOOK = 'EpochSeedHook'


def apply_exact_resume(cfg: Config) -> None:
    """Add ``EpochSeedHook`` to ``cfg.custom_hooks`` unless the config has
    it already or sets ``exact_resume = False``.

    A hook in a base config's ``custom_hooks`` is lost when a child config
    sets its own list, hence the tools add it to whatever list the config
    ends with.
    """
    if cfg.get('exact_resume', True) is False:
        return
    hooks = list(cfg.get('custom_hooks', None) or [])
    if not any(hook.get('type') in (SEED_HOOK, 'landmark.EpochSeedHook')
               for hook in hooks):
        hooks.append(dict(type=SEED_HOOK))
    cfg.custom_hooks = hooks
