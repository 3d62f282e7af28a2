"""Top-level config keys that the tools apply to the config's hooks, so
that ``--cfg-options key=value`` reaches them: a base file's
``custom_hooks`` list is built when the file loads, and a child's (or the
command line's) new value of a variable would not reach it."""
from mmengine.config import Config

# top-level key -> (hook type, the hook argument it sets)
HOOK_KEYS = {
    'drw_start_epoch': ('DeferredReweightingHook', 'start_epoch'),
    'cutmix_start_epoch': ('BatchAugmentsFromEpochHook', 'start_epoch'),
}


def apply_hook_keys(cfg: Config) -> None:
    """Set the hook argument of each key of :data:`HOOK_KEYS` present at
    the config's top level (``drw_start_epoch`` -> ``start_epoch`` of every
    ``DeferredReweightingHook`` in ``custom_hooks``...).

    Raises:
        ValueError: A key is not an integer >= 0.

    Examples:
        >>> # configs/classification/ldam/...: LDAM-DRW re-weights from
        >>> # epoch 24; `--cfg-options drw_start_epoch=20` moves it
        >>> drw_start_epoch = 24
        >>> custom_hooks = [dict(type='DeferredReweightingHook',
        ...                      start_epoch=drw_start_epoch)]
    """
    for key, (hook_type, argument) in HOOK_KEYS.items():
        value = cfg.get(key)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value,
                                                     int) or value < 0:
            raise ValueError(f'{key}={value!r}; expected an integer >= 0 '
                             '(an epoch, 0-based)')
        for hook in cfg.get('custom_hooks') or []:
            if hook.get('type') == hook_type:
                hook[argument] = value
