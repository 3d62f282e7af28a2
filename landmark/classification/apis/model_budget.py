"""A FLOPs and parameter budget for a model or an ensemble of models.

A config sets ``model_budget = dict(max_gflops=..., max_params_m=...,
input_shape=(3, H, W))``; the tools refuse a model above it before any
training or testing, with a message naming the figure and the cap.
"""
from typing import Dict, Optional, Sequence

import torch
from mmengine.analysis import get_model_complexity_info
from torch import nn

DEFAULT_INPUT_SHAPE = (3, 224, 224)
BUDGET_KEYS = ('max_gflops', 'max_params_m', 'input_shape')


class ModelBudgetError(ValueError):
    """A model or an ensemble is above its FLOPs or parameter cap."""


def model_complexity(
        model: nn.Module,
        input_shape: Sequence[int] = DEFAULT_INPUT_SHAPE) -> Dict[str, float]:
    """``dict(gflops=..., params_m=...)`` of one forward pass of one image
    of ``input_shape`` (C, H, W), by MMEngine's ``FlopAnalyzer`` (a
    multiply-add counts as one FLOP, as in mmpretrain's model tables)."""
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            info = get_model_complexity_info(
                model,
                input_shape=tuple(input_shape),
                show_table=False,
                show_arch=False)
    finally:
        model.train(was_training)
    return dict(gflops=info['flops'] / 1e9, params_m=info['params'] / 1e6)


def check_budget(figures: Dict[str, float],
                 budget: Optional[dict],
                 what: str = 'model',
                 cap_names: Optional[Dict[str, str]] = None) -> None:
    """Raise :class:`ModelBudgetError` when ``figures`` (from
    :func:`model_complexity`, or their sum) exceed ``budget``.

    Args:
        figures (dict): ``gflops`` and ``params_m``.
        budget (dict, optional): ``max_gflops``, ``max_params_m``,
            ``input_shape``; nothing is checked when empty.
        what (str): What the message calls the figures' owner.
        cap_names (dict, optional): What the message calls a cap (e.g.
            ``{'max_gflops': '--max-gflops'}`` for a command-line flag).
            Defaults to ``model_budget.<key>``.
    """
    cap_names = cap_names or {}
    if not budget:
        return
    unknown = set(budget) - set(BUDGET_KEYS)
    if unknown:
        raise ValueError(f'model_budget has unknown key(s) {sorted(unknown)}'
                         f'; expected some of {BUDGET_KEYS}')
    for key, figure, unit in (('max_gflops', 'gflops', 'GFLOPs'),
                              ('max_params_m', 'params_m', 'M parameters')):
        cap = budget.get(key)
        if cap is not None and figures[figure] > cap:
            raise ModelBudgetError(
                f'{what} needs {figures[figure]:.4g} {unit}, above the cap '
                f"{cap_names.get(key, 'model_budget.' + key)}={cap}; use a "
                'smaller model or input, or raise the cap')


def check_model_budget(model: nn.Module,
                       budget: Optional[dict],
                       what: str = 'model') -> Dict[str, float]:
    """Measure ``model`` at ``budget['input_shape']`` and check it; returns
    the figures."""
    budget = budget or {}
    figures = model_complexity(model,
                               budget.get('input_shape', DEFAULT_INPUT_SHAPE))
    check_budget(figures, budget, what)
    return figures


def check_ensemble_budget(
        models: Sequence[nn.Module],
        budget: Optional[dict],
        input_shapes: Optional[Sequence[Sequence[int]]] = None,
        cap_names: Optional[Dict[str, str]] = None) -> Dict[str, float]:
    """Check the summed FLOPs and parameters of an ensemble's members.

    Args:
        models (Sequence[nn.Module]): The members.
        budget (dict, optional): ``max_gflops`` and/or ``max_params_m``
            caps on the SUM over the members, and ``input_shape``.
        input_shapes (Sequence[Sequence[int]], optional): One (C, H, W)
            per member, when they see different image sizes. Defaults to
            ``budget['input_shape']`` for every member.
        cap_names (dict, optional): See :func:`check_budget`.

    Returns:
        dict: The summed ``gflops`` and ``params_m``.

    Raises:
        ModelBudgetError: The sum is above a cap.
    """
    budget = budget or {}
    if input_shapes is None:
        input_shapes = [budget.get('input_shape', DEFAULT_INPUT_SHAPE)
                        ] * len(models)
    if len(input_shapes) != len(models):
        raise ValueError(f'{len(input_shapes)} input shapes for '
                         f'{len(models)} models; expected one per model')
    total = dict(gflops=0.0, params_m=0.0)
    for model, shape in zip(models, input_shapes):
        figures = model_complexity(model, shape)
        total = {k: total[k] + figures[k] for k in total}
    check_budget(total, budget, f'the ensemble of {len(models)} models',
                 cap_names)
    return total


def tightest_caps(budgets: Sequence[Optional[dict]]) -> dict:
    """The smallest ``max_gflops`` and ``max_params_m`` over ``budgets``
    (the members' ``model_budget``; a cap absent from all is absent).

    Examples:
        >>> tightest_caps([dict(max_gflops=2.0), dict(max_gflops=1.5,
        ...                                        max_params_m=12)])
        {'max_gflops': 1.5, 'max_params_m': 12}
    """
    caps = {}
    for budget in budgets:
        for key in ('max_gflops', 'max_params_m'):
            cap = (budget or {}).get(key)
            if cap is not None:
                caps[key] = min(cap, caps.get(key, cap))
    return caps
