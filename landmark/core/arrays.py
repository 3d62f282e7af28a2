"""Conversion of model outputs (tensors, box types) to NumPy arrays."""
from typing import Any

import numpy as np


def to_numpy(value: Any) -> np.ndarray:
    """A NumPy array of a tensor (any device), an MMDetection box type
    (which wraps a ``tensor``), a list or an array.

    Examples:
        >>> to_numpy(torch.tensor([[1., 2., 3., 4.]])).shape
        (1, 4)
    """
    value = getattr(value, 'tensor', value)  # mmdet box types wrap a tensor
    if hasattr(value, 'detach'):
        value = value.detach().cpu().numpy()
    return np.asarray(value)
