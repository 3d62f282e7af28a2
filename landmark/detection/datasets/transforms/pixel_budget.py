"""Set a config's pixel budget on every ``NativeResolution`` it builds.

A config file's pipelines are built when the file that writes them loads,
so ``max_pixels = 12_000_000`` in a child config would not reach the
``NativeResolution`` transforms of its base. The tools therefore read the
top-level ``max_pixels`` / ``max_long_side`` keys (or their command-line
flags) and write them into every pipeline with :func:`apply_pixel_budget`.
"""
from typing import Dict, Iterator, List, Optional

from mmengine.config import Config
from mmengine.logging import print_log

from landmark.core.config_paths import innermost_dataset

BUDGET_KEYS = ('max_pixels', 'max_long_side')
# the transforms that take the budget: the resize and the loader that
# decodes at reduced scale ahead of it
BUDGETED_TRANSFORMS = ('NativeResolution', 'NativeResolutionImageLoader')


def _native_resolutions(pipeline: list) -> Iterator[dict]:
    """Every ``NativeResolution`` (and ``NativeResolutionImageLoader``) of
    a pipeline, including those nested in ``TestTimeAug`` (whose
    ``transforms`` is a list of lists)."""
    for transform in pipeline or []:
        if isinstance(transform, (list, tuple)):
            yield from _native_resolutions(transform)
            continue
        if not isinstance(transform, dict):
            continue
        if str(transform.get('type',
                             '')).split('.')[-1] in BUDGETED_TRANSFORMS:
            yield transform
        if 'transforms' in transform:
            yield from _native_resolutions(transform['transforms'])


def native_resolutions(cfg: Config) -> Dict[str, List[dict]]:
    """The ``NativeResolution`` configs a pixel budget applies to, by
    pipeline: the innermost dataset's pipeline of the ``train``, ``val`` and
    ``test`` data loaders, and ``tta`` (``tta_pipeline``), those nested in
    ``TestTimeAug`` included. Pipelines the config lacks are left out."""
    pipelines = {}
    for split in ('train', 'val', 'test'):
        loader = cfg.get(f'{split}_dataloader')
        if loader:
            pipelines[split] = innermost_dataset(loader).get('pipeline')
    if cfg.get('tta_pipeline'):
        pipelines['tta'] = cfg.tta_pipeline
    return {
        name: list(_native_resolutions(pipeline))
        for name, pipeline in pipelines.items()
    }


def apply_pixel_budget(cfg: Config,
                       max_pixels: Optional[int] = None,
                       max_long_side: Optional[int] = None) -> dict:
    """Write the config's pixel budget into every ``NativeResolution``.

    The budget is the config's top-level ``max_pixels`` and
    ``max_long_side`` (None: no limit), each replaced by the argument of
    the same name when that is given (the command-line flags). It is
    written back to the top-level keys and set on every ``NativeResolution``
    of the train, val and test pipelines and of ``tta_pipeline``, those
    inside ``TestTimeAug`` included. Prints one line saying what it set.

    Args:
        cfg (Config): The config, changed in place.
        max_pixels (int, optional): Pixel budget per image that wins over
            the config's. Defaults to None (the config's).
            ``'auto'`` (here or in the config) leaves the pipelines
            unlimited until ``resolve_auto_pixel_budget`` probes a value
            before training.
        max_long_side (int, optional): Longest side that wins over the
            config's. Defaults to None (the config's).

    Returns:
        dict: ``max_pixels`` and ``max_long_side`` as applied.

    Raises:
        ValueError: A value is not a positive whole number.

    Examples:
        >>> # in a config: the tools apply it to every pipeline
        >>> _base_ = ['./retinanet_r50-fpn_1xb2-native-res-12e_landmark.py']
        >>> max_pixels = 12_000_000
        >>> # in code, after Config.fromfile (CLI: --max-pixels 12000000)
        >>> apply_pixel_budget(cfg, max_pixels=12_000_000)
    """
    given = dict(max_pixels=max_pixels, max_long_side=max_long_side)
    budget = {}
    for key in BUDGET_KEYS:
        value = given[key] if given[key] is not None else cfg.get(key)
        if key == 'max_pixels' and value == 'auto':
            # chosen by probing before training (resolve_auto_pixel_budget
            # in landmark.detection.apis.auto_pixel_budget); no limit until
            cfg[key] = value
            budget[key] = None
            continue
        if value is not None and (isinstance(value, bool)
                                  or not isinstance(value, int) or value <= 0):
            raise ValueError(f'{key}={value!r}; expected a positive whole '
                             'number of pixels or None')
        budget[key] = value
        cfg[key] = value
    auto = cfg.get('max_pixels') == 'auto'
    transforms = [
        t for found in native_resolutions(cfg).values() for t in found
    ]
    for transform in transforms:
        transform.update(budget)
    limits = ', '.join(f'{k}={v}' for k, v in budget.items())
    if auto:
        limits += " (max_pixels='auto': chosen before training)"
    loaders = sum(
        str(t.get('type', '')).endswith('ImageLoader') for t in transforms)
    reduced = (f' and {loaders} reduced-scale loader(s)' if loaders else '')
    print_log(
        f'pixel budget {limits} set on {len(transforms) - loaders} '
        f'NativeResolution transform(s){reduced} (train, val, test and TTA '
        'pipelines)',
        logger='current')
    return budget
