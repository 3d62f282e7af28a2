"""Read and write the ``.pkl`` prediction files of ``tools/test.py --out``.

Such a file (MMDetection's ``DumpDetResults``) is a pickled list with one
dict per image: ``img_id``, ``img_path``, ``ori_shape`` and
``pred_instances`` (``bboxes`` Nx4 ``xyxy`` in original pixels, ``scores``,
``labels``, as torch tensors).

Unpickling runs code named by the file, so :func:`load_prediction_pickle`
uses a restricted unpickler: only plain containers, numpy arrays and torch
tensors can be rebuilt (tensor storages are read with
``torch.load(weights_only=True)``); a file asking for anything else is
refused with an :class:`UnsafePredictionFileError` naming what it asked for.
"""
import codecs
import io
import os.path as osp
import pickle
from collections import OrderedDict
from typing import Any, Dict, List, Sequence

import numpy as np
import torch

from landmark.core.arrays import to_numpy
from landmark.core.atomic_io import write_bytes_atomic

PREDICTION_KEYS = ('bboxes', 'scores', 'labels')


class UnsafePredictionFileError(pickle.UnpicklingError, ValueError):
    """A prediction pickle asked for a class outside the allowlist."""


def _load_storage_safely(data: bytes):
    # torch pickles a tensor's storage as torch.save bytes; read them with
    # the weights-only loader instead of torch.storage._load_from_bytes.
    return torch.load(io.BytesIO(data), weights_only=True)


_ALLOWED_GLOBALS = {
    ('torch._utils', '_rebuild_tensor_v2'):
    torch._utils._rebuild_tensor_v2,
    ('torch.storage', '_load_from_bytes'):
    _load_storage_safely,
    ('torch', 'Size'):
    torch.Size,
    ('collections', 'OrderedDict'):
    OrderedDict,
    ('numpy', 'ndarray'):
    np.ndarray,
    ('numpy', 'dtype'):
    np.dtype,
    ('builtins', 'tuple'):
    tuple,
    ('builtins', 'list'):
    list,
    ('builtins', 'dict'):
    dict,
    ('builtins', 'set'):
    set,
    # Protocol 2 (mmengine.dump's) stores bytes as _codecs.encode(str,
    # 'latin1'); encoding text runs no code.
    ('_codecs', 'encode'):
    codecs.encode,
}
try:
    from numpy._core import multiarray as _multiarray  # numpy >= 2
except ImportError:  # pragma: no cover (numpy 1.x)
    from numpy.core import multiarray as _multiarray
for _module in ('numpy.core.multiarray', 'numpy._core.multiarray'):
    _ALLOWED_GLOBALS[(_module, '_reconstruct')] = _multiarray._reconstruct
    _ALLOWED_GLOBALS[(_module, 'scalar')] = _multiarray.scalar


class SafePredictionUnpickler(pickle.Unpickler):
    """An unpickler that rebuilds only containers, numpy arrays and tensors.

    Args:
        file: A binary file object.
        source (str): File name for error messages.
    """

    def __init__(self, file, source: str = '<bytes>'):
        super().__init__(file)
        self.source = source

    def find_class(self, module: str, name: str) -> Any:
        try:
            return _ALLOWED_GLOBALS[(module, name)]
        except KeyError:
            raise UnsafePredictionFileError(
                f'{self.source}: refused to unpickle {module}.{name}; '
                'expected only dicts, lists, numpy arrays and torch tensors '
                '(the .pkl of tools/test.py --out)') from None


def _record(item: Any, index: int, path: str) -> Dict[str, Any]:
    where = f'{path}: item {index}'
    if not isinstance(item, dict):
        raise ValueError(f'{where} is a {type(item).__name__}; expected a '
                         'dict with img_id, img_path, ori_shape and '
                         'pred_instances (tools/test.py --out)')
    missing = [k for k in ('ori_shape', 'pred_instances') if k not in item]
    if missing or not isinstance(item['pred_instances'], dict):
        raise ValueError(f'{where} lacks {", ".join(missing) or "a dict of"} '
                         'pred_instances; expected the per-image dicts of '
                         'tools/test.py --out')
    pred = item['pred_instances']
    absent = [k for k in PREDICTION_KEYS if k not in pred]
    if absent:
        raise ValueError(f'{where}: pred_instances lacks '
                         f'{", ".join(absent)}; expected bboxes (Nx4 xyxy), '
                         'scores and labels')
    bboxes = to_numpy(pred['bboxes']).astype(np.float64).reshape(-1, 4)
    scores = to_numpy(pred['scores']).astype(np.float64).reshape(-1)
    labels = to_numpy(pred['labels']).astype(np.int64).reshape(-1)
    if not len(bboxes) == len(scores) == len(labels):
        raise ValueError(f'{where}: {len(bboxes)} boxes, {len(scores)} '
                         f'scores, {len(labels)} labels; expected one score '
                         'and label per box')
    return dict(
        img_id=item.get('img_id'),
        img_path=item.get('img_path'),
        ori_shape=tuple(int(v) for v in item['ori_shape'][:2]),
        pred_instances=dict(bboxes=bboxes, scores=scores, labels=labels))


def load_prediction_items(path: str) -> list:
    """The per-image items of a ``tools/test.py --out`` ``.pkl`` of any
    task, unpickled with :class:`SafePredictionUnpickler`.

    Raises:
        FileNotFoundError: The file does not exist.
        UnsafePredictionFileError: The pickle asks for other classes.
        ValueError: It is not a pickle of a list.
    """
    if not osp.isfile(path):
        raise FileNotFoundError(f'prediction file {path!r} does not exist')
    with open(path, 'rb') as f:
        try:
            items = SafePredictionUnpickler(f, path).load()
        except UnsafePredictionFileError:
            raise
        except Exception as err:  # truncated or not a pickle at all
            raise ValueError(f'{path}: cannot be read as a pickle ({err}); '
                             'expected the .pkl of tools/test.py --out') \
                from err
    if not isinstance(items, list):
        raise ValueError(f'{path} holds a {type(items).__name__}; expected '
                         'a list of per-image dicts (tools/test.py --out)')
    return items


def load_prediction_pickle(path: str) -> List[Dict[str, Any]]:
    """Read the ``.pkl`` of ``tools/test.py --out`` safely.

    Args:
        path (str): The file.

    Returns:
        list[dict]: Per image ``img_id``, ``img_path``, ``ori_shape``
        ``(h, w)`` and ``pred_instances`` with numpy ``bboxes`` (float64
        Nx4), ``scores`` and int64 ``labels``.

    Raises:
        FileNotFoundError: The file does not exist.
        UnsafePredictionFileError: The pickle asks for other classes.
        ValueError: It is not a list of per-image prediction dicts.
    """
    return [
        _record(item, i, path)
        for i, item in enumerate(load_prediction_items(path))
    ]


def prediction_record(image: Dict[str, Any], bboxes: Any, scores: Any,
                      labels: Any) -> Dict[str, Any]:
    """The record of one image as ``tools/test.py --out`` holds it:
    ``image``'s ``img_id``, ``img_path`` and ``ori_shape`` with these
    predictions."""
    return dict(
        img_id=image.get('img_id'),
        img_path=image.get('img_path'),
        ori_shape=tuple(image['ori_shape']),
        pred_instances=dict(bboxes=bboxes, scores=scores, labels=labels))


def dump_prediction_pickle(records: Sequence[Dict[str, Any]],
                           path: str) -> None:
    """Write records as ``tools/test.py --out`` does (tensors), atomically,
    so a fused file can be evaluated or fused again like any other."""
    items = []
    for record in records:
        pred = record['pred_instances']
        boxes = np.asarray(pred['bboxes'], np.float32).reshape(-1, 4)
        items.append(
            prediction_record(
                record, torch.as_tensor(boxes),
                torch.as_tensor(np.asarray(pred['scores'], np.float32)),
                torch.as_tensor(np.asarray(pred['labels'], np.int64))))
    write_bytes_atomic(pickle.dumps(items), path)
