"""Run-length encoding of masks, with the pixel order and the start index
stated, not assumed.

A mask is flattened row by row (``'row-major'``, C order) or column by
column (``'column-major'``, Fortran order, as several Kaggle segmentation
challenges use), and written as ``start length start length ...`` pairs,
starts counted from 1 (``one_based=True``) or 0.
"""
from typing import Tuple

import numpy as np

RLE_ORDERS = {'row-major': 'C', 'column-major': 'F'}


class RunLengthError(ValueError):
    """A run-length string that does not describe a mask of the shape."""


def _numpy_order(order: str) -> str:
    if order not in RLE_ORDERS:
        raise ValueError(f'RLE order {order!r}; expected one of '
                         f'{", ".join(RLE_ORDERS)}')
    return RLE_ORDERS[order]


def encode_rle(mask: np.ndarray,
               order: str = 'row-major',
               one_based: bool = True) -> str:
    """``'start length ...'`` of the non-zero pixels of a 2-D mask.

    Args:
        mask (np.ndarray): ``(H, W)`` mask; non-zero is foreground.
        order (str): ``'row-major'`` or ``'column-major'``.
        one_based (bool): Count starts from 1. Defaults to True.

    Returns:
        str: The runs, ``''`` for an empty mask.

    Examples:
        >>> encode_rle(np.array([[0, 1], [1, 1]]), 'row-major')
        '2 3'
        >>> encode_rle(np.array([[0, 1], [1, 1]]), 'column-major')
        '2 3'
        >>> encode_rle(np.array([[1, 1], [0, 0]]), 'column-major')
        '1 1 3 1'
    """
    if mask.ndim != 2:
        raise ValueError(f'encode_rle expects a 2-D mask, got shape '
                         f'{mask.shape}')
    flat = (np.asarray(mask).ravel(order=_numpy_order(order)) != 0)
    padded = np.concatenate([[0], flat.astype(np.int8), [0]])
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    starts, ends = edges[::2], edges[1::2]
    runs = np.stack([starts + int(one_based), ends - starts], 1).ravel()
    return ' '.join(str(v) for v in runs)


def decode_rle(rle: str,
               shape: Tuple[int, int],
               order: str = 'row-major',
               one_based: bool = True) -> np.ndarray:
    """The ``(H, W)`` uint8 mask (0/1) of a run-length string.

    Raises:
        RunLengthError: Not integer pairs, a run of length < 1, runs out of
            order or overlapping, or reaching past the last pixel; the
            message says which run.
    """
    numpy_order = _numpy_order(order)
    height, width = shape
    tokens = rle.split()
    if len(tokens) % 2:
        raise RunLengthError(f'{len(tokens)} numbers; expected start/length '
                             'pairs (an even count)')
    values = []
    for token in tokens:
        try:
            values.append(int(token))
        except ValueError:  # names the token itself ('²' is a digit, too)
            raise RunLengthError(f'{token!r} is not an integer') from None
    flat = np.zeros(height * width, np.uint8)
    end_of_last = 0
    for index in range(0, len(values), 2):
        start = values[index] - int(one_based)
        length = values[index + 1]
        run = f'run {index // 2 + 1} ({values[index]} {length})'
        if start < 0:
            raise RunLengthError(
                f'{run}: start below {int(one_based)}; starts are '
                f'{"1" if one_based else "0"}-based')
        if length < 1:
            raise RunLengthError(f'{run}: length must be at least 1')
        if start < end_of_last:
            raise RunLengthError(
                f'{run}: starts before the previous run ends; expected '
                'increasing, non-overlapping runs')
        if start + length > height * width:
            raise RunLengthError(
                f'{run}: ends past pixel {height * width} of a '
                f'{height}x{width} mask')
        flat[start:start + length] = 1
        end_of_last = start + length
    return flat.reshape((height, width), order=numpy_order)
