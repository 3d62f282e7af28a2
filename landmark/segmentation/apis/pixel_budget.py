"""Segmentation's one size setting, written into every pipeline.

A config's pipelines are built when the file that writes them loads, so
``max_pixels = 65536`` in a child config would not reach the
``PixelBudgetResize`` steps of its base's pipelines. The tools read the
top-level ``max_pixels`` / ``max_long_side`` (or ``--max-pixels`` /
``--max-long-side``) and write them into every ``PixelBudgetResize`` of
the train, val and test pipelines and ``tta_pipeline`` (the TTA pipeline
derived from the test pipeline for ``--tta`` carries them too).
"""
from typing import Iterator, List, Optional

from mmengine.config import Config
from mmengine.logging import print_log

from landmark.core.config_paths import innermost_dataset

BUDGET_KEYS = ('max_pixels', 'max_long_side')


def _budget_steps(pipeline) -> Iterator[dict]:
    """Every ``PixelBudgetResize`` of a pipeline, in ``TestTimeAug`` too
    (whose ``transforms`` is a list of lists)."""
    for step in pipeline or []:
        if isinstance(step, (list, tuple)):
            yield from _budget_steps(step)
        elif isinstance(step, dict):
            if step.get('type') == 'PixelBudgetResize':
                yield step
            if 'transforms' in step:
                yield from _budget_steps(step['transforms'])


def budget_steps(cfg: Config) -> List[dict]:
    """The ``PixelBudgetResize`` configs of the train, val and test data
    sets' pipelines and of ``tta_pipeline``."""
    pipelines = [
        innermost_dataset(cfg[key]).get('pipeline')
        for key in ('train_dataloader', 'val_dataloader', 'test_dataloader')
        if cfg.get(key)
    ]
    if cfg.get('tta_pipeline'):
        pipelines.append(cfg.tta_pipeline)
    steps, seen = [], set()
    for pipeline in pipelines:
        for step in _budget_steps(pipeline):
            if id(step) not in seen:  # val and test may share a pipeline
                seen.add(id(step))
                steps.append(step)
    return steps


def apply_pixel_budget(cfg: Config,
                       max_pixels: Optional[int] = None,
                       max_long_side: Optional[int] = None) -> dict:
    """Write the config's pixel budget into every ``PixelBudgetResize``.

    The budget is the config's top-level ``max_pixels`` / ``max_long_side``
    (None: no limit), each replaced by the argument of that name when given
    (the command-line flags), and written back to the top-level keys.

    Args:
        cfg (Config): The config, changed in place.
        max_pixels (int, optional): Wins over the config's ``max_pixels``.
        max_long_side (int, optional): Wins over the config's
            ``max_long_side``.

    Returns:
        dict: ``max_pixels`` and ``max_long_side`` as applied.

    Raises:
        ValueError: A value is not a positive whole number, or a budget is
            set but no pipeline has a ``PixelBudgetResize`` to take it.

    Examples:
        >>> # in a config: train, val, test and TTA at most 256x256 pixels
        >>> max_pixels = 256 * 256
        >>> # or on the command line of train.py, test.py or infer.py
        >>> # --max-pixels 65536
    """
    given = dict(max_pixels=max_pixels, max_long_side=max_long_side)
    budget = {}
    for key in BUDGET_KEYS:
        value = given[key] if given[key] is not None else cfg.get(key)
        if value is not None and (isinstance(value, bool)
                                  or not isinstance(value, int) or value <= 0):
            raise ValueError(f'{key}={value!r}; expected a positive whole '
                             'number of pixels or None')
        budget[key] = value
    steps = budget_steps(cfg)
    if any(budget.values()) and not steps:
        raise ValueError(
            f'{getattr(cfg, "filename", None) or "config"}: max_pixels / '
            'max_long_side set but no pipeline has a PixelBudgetResize to '
            "take it; expected dict(type='PixelBudgetResize') in the train "
            'pipeline (after LoadAnnotations) and the test pipeline '
            '(before LoadAnnotations)')
    cfg.update(budget)
    for step in steps:
        step.update(budget)
    if any(budget.values()):
        print_log(
            'pixel budget ' +
            ', '.join(f'{k}={v}' for k, v in budget.items()) +
            f' set on {len(steps)} PixelBudgetResize step(s) (train, val, '
            'test and TTA pipelines)',
            logger='current')
    return budget
