"""Safe loading of MMEngine checkpoints with ``torch.load(weights_only=True)``.

MMEngine 0.10.7 calls ``torch.load(filename, map_location=...)`` without
``weights_only``. Since torch 2.6 that argument defaults to ``True``, and the
unpickler then refuses the non-tensor objects that an MMEngine checkpoint
holds (``HistoryBuffer`` of the message hub, NumPy arrays and scalars of the
logged values), so both ``resume`` and ``load_from`` fail.

Calling ``torch.load(weights_only=False)`` would fix that by running any
pickle, which is arbitrary code. Instead this module registers a loader for
local files in MMEngine's ``CheckpointLoader`` that keeps
``weights_only=True`` and allows exactly the globals MMEngine checkpoints
are made of (:data:`CHECKPOINT_SAFE_GLOBALS`). A checkpoint that needs
anything else is refused with a message that names the file, the offending
globals and the explicit opt-in for a trusted legacy file:

- the environment variable ``LANDMARK_TRUST_CHECKPOINTS=1``, or
- ``trust_legacy_checkpoints = True`` in a config (read by ``tools/train.py``
  and ``tools/test.py``), or
- :func:`trust_legacy_checkpoints` from Python.
"""
import logging
import os
import os.path as osp
from collections import OrderedDict, defaultdict
from typing import Callable, List, Optional, Union

import numpy as np
import torch
from mmengine.logging import HistoryBuffer, print_log
from mmengine.runner.checkpoint import CheckpointLoader

TRUST_ENV_VAR = 'LANDMARK_TRUST_CHECKPOINTS'

# torch.serialization.safe_globals with (function, name) entries and
# get_unsafe_globals_in_checkpoint: torch 2.6 (setup.cfg asks for it).
if not hasattr(torch.serialization, 'get_unsafe_globals_in_checkpoint'):
    raise ImportError(
        f'landmark needs torch >= 2.6 for safe checkpoint loading; found '
        f'torch {torch.__version__} (make setup installs 2.11)')

_trust_override: Optional[bool] = None


def _numpy_globals() -> List[Union[Callable, type]]:
    """NumPy objects that appear in pickled arrays and scalars.

    The message hub of a checkpoint stores logged values in ``HistoryBuffer``
    objects that hold NumPy arrays; the reconstruct function lives in
    ``numpy.core`` for NumPy 1 and ``numpy._core`` for NumPy 2, and NumPy 2
    pickles dtypes by their class (``numpy.dtypes.Float64DType``).
    """
    allowed: List[Union[Callable, type]] = [np.ndarray, np.dtype]
    try:  # NumPy 2
        from numpy._core import multiarray
    except ImportError:  # NumPy 1
        from numpy.core import multiarray
    allowed += [multiarray._reconstruct, multiarray.scalar]
    dtypes = getattr(np, 'dtypes', None)
    if dtypes is not None:
        allowed += [
            getattr(dtypes, name) for name in dir(dtypes)
            if name.endswith('DType')
        ]
    return allowed


def _history_buffer_getattr(owner, name: str):
    """A ``getattr`` that only fetches the statistics methods of
    ``HistoryBuffer``.

    ``HistoryBuffer`` keeps its statistics (``min``, ``max``, ``mean``...) in
    a dict of functions, which pickle as ``builtins.getattr(HistoryBuffer,
    'min')``. Allowing the real ``getattr`` would let a crafted file walk from
    any allowed class to arbitrary code (``__globals__`` and on), so the
    unpickler gets this narrow stand-in under that name instead.
    """
    if owner is not HistoryBuffer or name.startswith('_') or not callable(
            getattr(HistoryBuffer, name, None)):
        raise RuntimeError(
            f'checkpoint asks for getattr({owner!r}, {name!r}); only '
            'statistics methods of mmengine HistoryBuffer are allowed')
    return getattr(HistoryBuffer, name)


CHECKPOINT_SAFE_GLOBALS: List[Union[Callable, type, tuple]] = [
    HistoryBuffer,
    OrderedDict,
    defaultdict,
    (_history_buffer_getattr, 'builtins.getattr'),
    *_numpy_globals(),
]
"""Globals an MMEngine checkpoint (weights, optimizer, schedulers, message
hub, meta) is made of. Anything else needs the explicit trust opt-in."""


def trust_legacy_checkpoints(trust: Optional[bool] = True) -> None:
    """Allow (or forbid again) full unpickling of local checkpoints.

    Args:
        trust (bool, optional): ``True`` runs any pickle: only for files you
            made or trust. ``False`` forbids it whatever the environment says;
            ``None`` goes back to reading ``LANDMARK_TRUST_CHECKPOINTS``.
    """
    global _trust_override
    _trust_override = trust


def legacy_checkpoints_trusted() -> bool:
    """Whether full (unsafe) unpickling was explicitly opted into."""
    if _trust_override is not None:
        return _trust_override
    return os.environ.get(TRUST_ENV_VAR, '').lower() in ('1', 'true', 'yes')


class UnsafeCheckpointError(RuntimeError):
    """A checkpoint holds pickled objects outside the allowlist."""


class CorruptCheckpointError(RuntimeError):
    """A checkpoint file cannot be read (empty, truncated, not a
    checkpoint)."""


# What the tools turn into one line naming the file (never a traceback).
CHECKPOINT_ERRORS = (UnsafeCheckpointError, CorruptCheckpointError)


def load_checkpoint_safely(filename: str,
                           map_location: Union[str, Callable, None] = None):
    """Load a local checkpoint with ``weights_only=True`` and the allowlist.

    Args:
        filename (str): Path to a ``.pth`` file (``~`` is expanded).
        map_location (str | callable, optional): As for ``torch.load``.

    Returns:
        dict: The checkpoint.

    Raises:
        FileNotFoundError: The file does not exist.
        UnsafeCheckpointError: The file needs globals outside
            :data:`CHECKPOINT_SAFE_GLOBALS` and trust was not opted into.
        CorruptCheckpointError: The file is empty, truncated or not a
            checkpoint; the message names it and its size.
    """
    filename = osp.expanduser(filename)
    if not osp.isfile(filename):
        raise FileNotFoundError(
            f'Checkpoint file {filename!r} does not exist (check `load_from`,'
            ' `--resume` or the checkpoint argument).')
    size = osp.getsize(filename)
    if size == 0:
        raise CorruptCheckpointError(
            f'Checkpoint file {filename!r} is empty (0 bytes): expected a '
            'file saved by torch.save (an interrupted copy or download?)')
    if legacy_checkpoints_trusted():
        _warn_trusted_once(filename)
        return _load_or_name_the_file(filename, size, map_location, False)
    try:
        with torch.serialization.safe_globals(CHECKPOINT_SAFE_GLOBALS):
            return _load_or_name_the_file(filename, size, map_location, True)
    except CorruptCheckpointError:
        raise
    except Exception as err:  # torch raises UnpicklingError or RuntimeError
        if 'weights_only' not in str(err) and 'Unsupported global' not in str(
                err):
            raise CorruptCheckpointError(
                f'Checkpoint file {filename!r} ({size} bytes) is not a '
                f'readable checkpoint ({_first_sentence(err)})') from err
        try:
            unsafe = torch.serialization.get_unsafe_globals_in_checkpoint(
                filename)
        except Exception:  # not a zip checkpoint: the legacy format
            unsafe = ['<legacy (non-zip) pickle format>']
        message = (
            f'Refusing to unpickle checkpoint {filename!r}: it holds objects '
            f'outside the safe allowlist ({", ".join(map(str, unsafe))}). '
            'Unpickling runs code, so only do this for a file you trust: set '
            f'the environment variable {TRUST_ENV_VAR}=1, or '
            '`trust_legacy_checkpoints = True` in the config.')
        _log_first_refusal(message)
        raise UnsafeCheckpointError(message) from err


_refusal_logged = False


def _log_first_refusal(message: str) -> None:
    """Log the first refusal of this process, saying which loader refused
    (the one ``landmark.core.compat`` puts in MMEngine)."""
    global _refusal_logged
    if _refusal_logged:
        return
    _refusal_logged = True
    print_log(
        f'landmark safe checkpoint loader (landmark.core.compat, '
        f'mmengine.safe_checkpoint_loader): {message}',
        logger='current',
        level=logging.WARNING)


_warned_trusted: set = set()


def _warn_trusted_once(filename: str) -> None:
    """Say, once per file, that the opt-in lets it run any pickled code."""
    if filename in _warned_trusted:
        return
    _warned_trusted.add(filename)
    source = ('trust_legacy_checkpoints' if _trust_override else
              f'{TRUST_ENV_VAR}=1')
    print_log(
        f'{source}: unpickling {filename!r} with weights_only=False, which '
        'allows ANY object and runs the code it names (not only tensors and '
        'the MMEngine allowlist); do this only for files you trust',
        logger='current',
        level=logging.WARNING)


def _load_or_name_the_file(filename: str, size: int, map_location,
                           weights_only: bool):
    """``torch.load``; a file that is no checkpoint at all (truncated,
    another format) raises :class:`CorruptCheckpointError` naming it."""
    try:
        return torch.load(
            filename, map_location=map_location, weights_only=weights_only)
    except (EOFError, ValueError, OSError) as err:
        raise CorruptCheckpointError(
            f'Checkpoint file {filename!r} ({size} bytes) is not a readable '
            f'checkpoint ({_first_sentence(err)})') from err
    except RuntimeError as err:
        if 'zip archive' in str(err) or 'central directory' in str(err):
            raise CorruptCheckpointError(
                f'Checkpoint file {filename!r} ({size} bytes) is truncated '
                f'or not a torch.save file ({_first_sentence(err)})') from err
        raise


def _first_sentence(err: BaseException) -> str:
    """The exception's type and the first sentence of its message."""
    text = str(err).split('. ')[0].strip()
    return f'{type(err).__name__}: {text}'


def register_safe_checkpoint_loader() -> None:
    """Make MMEngine load local files through :func:`load_checkpoint_safely`.

    Replaces MMEngine's default scheme (the empty prefix, i.e. local paths);
    ``http://``, ``torchvision://`` and the other schemes are untouched.
    One of the changes of :mod:`landmark.core.compat`, applied when a task
    package is imported, so ``custom_imports`` in a config is enough.
    """
    CheckpointLoader.register_scheme(
        prefixes='', loader=load_from_local_safely, force=True)


def load_from_local_safely(filename: str,
                           map_location: Union[str, Callable, None] = None):
    """:func:`load_checkpoint_safely` under the name MMEngine logs.

    MMEngine prints ``Loads checkpoint by <name[10:]> backend``, so this name
    reads ``local_safely``.
    """
    return load_checkpoint_safely(filename, map_location)
