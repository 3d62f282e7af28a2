"""The test-time-augmentation base that every task's TTA model shares."""
from typing import List, Optional, Sequence, Union

import torch
from mmengine.model import BaseTTAModel
from torch import nn

# The original view first, weighted higher than its horizontal flip: the
# source solutions' setting for detection and segmentation alike.
DEFAULT_VIEW_WEIGHTS = (2.0, 1.0)


def check_view_weights(weights: Optional[Sequence[float]],
                       num_views: int,
                       owner: str = 'TTA') -> Optional[List[float]]:
    """The weights as floats, checked against the number of views.

    Args:
        weights (Sequence[float], optional): One weight per view, in the
            order of the TTA pipeline's views; None weighs views equally.
        num_views (int): How many views each image has.
        owner (str): Named in the error message. Defaults to ``'TTA'``.

    Returns:
        list[float] | None: The weights, or None for equal weights.

    Raises:
        ValueError: Not one non-negative weight per view, or all zero.
    """
    if weights is None:
        return None
    weights = [float(w) for w in weights]
    if len(weights) != num_views:
        raise ValueError(
            f'{owner} got {num_views} views per image but '
            f'view_weights={weights}; expected one weight per view of '
            'tta_pipeline')
    if any(w < 0 for w in weights) or sum(weights) <= 0:
        raise ValueError(f'{owner}: view_weights={weights}; expected '
                         'non-negative weights with a positive sum')
    return weights


def weighted_view_mean(views: Sequence[torch.Tensor],
                       weights: Optional[Sequence[float]] = None,
                       owner: str = 'TTA') -> torch.Tensor:
    """The weighted mean of the views' class probabilities (or any tensors
    of one shape): ``sum_i w_i * x_i / sum_i w_i``.

    Args:
        views (Sequence[torch.Tensor]): One tensor per view, same shape,
            already mapped back to the original orientation.
        weights (Sequence[float], optional): One weight per view; None
            weighs them equally.
        owner (str): Named in error messages.

    Returns:
        torch.Tensor: The weighted mean, shaped like one view.

    Examples:
        >>> weighted_view_mean([torch.tensor([1.]), torch.tensor([4.])],
        ...                    (2.0, 1.0))
        tensor([2.])
    """
    weights = check_view_weights(weights, len(views), owner)
    if weights is None:
        weights = [1.0] * len(views)
    stacked = torch.stack([v.float() for v in views])
    w = stacked.new_tensor(weights).view(-1, *([1] * (stacked.dim() - 1)))
    return (stacked * w).sum(0) / w.sum()


class ViewWeightedTTAModel(BaseTTAModel):
    """:class:`BaseTTAModel` with one weight per view, the base of every
    landmark TTA model (detection, classification, segmentation).

    A task subclasses it, names its model registry in ``registry`` (so a
    config dict of the wrapped model is built in the task's scope) and
    implements ``merge_preds``, using :attr:`view_weights` (checked by
    :meth:`weights_for`) and, for probabilities, :func:`weighted_view_mean`.

    Args:
        module (dict or nn.Module): The wrapped model.
        view_weights (Sequence[float], optional): One weight per view, the
            original first; None weighs views equally. Defaults to
            :data:`DEFAULT_VIEW_WEIGHTS` ``(2.0, 1.0)``.
        data_preprocessor (dict or nn.Module, optional): The wrapped
            model's preprocessor, when ``module`` is a dict.
    """

    registry = None  # the task's MODELS registry; set by subclasses

    def __init__(
            self,
            module: Union[dict, nn.Module],
            view_weights: Optional[Sequence[float]] = DEFAULT_VIEW_WEIGHTS,
            data_preprocessor: Union[dict, nn.Module, None] = None):
        if isinstance(module, dict) and self.registry is not None:
            # mmengine's MODELS (which BaseTTAModel uses) finds a task's
            # model types only under that task's scope: build it there.
            module = dict(module)
            if data_preprocessor is not None:
                module['data_preprocessor'] = data_preprocessor
            module = self.registry.build(module)
        super().__init__(module=module, data_preprocessor=data_preprocessor)
        self.view_weights = (None if view_weights is None else
                             [float(w) for w in view_weights])

    def weights_for(self, num_views: int) -> Optional[List[float]]:
        """:attr:`view_weights`, checked against ``num_views``."""
        return check_view_weights(self.view_weights, num_views,
                                  type(self).__name__)
