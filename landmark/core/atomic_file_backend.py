"""MMEngine's local file backend, writing atomically.

MMEngine writes checkpoints (``epoch_N.pth``, ``best_*.pth``) and other
files through its ``local`` storage backend, which opens the destination
and writes into it: a crash or ``kill -9`` in the middle leaves a
half-written checkpoint under the final name. :class:`AtomicLocalBackend`
writes to a temporary file beside it and renames it
(:func:`landmark.core.atomic_io.atomic_open`), so a checkpoint file exists
only once it is complete. MMEngine's ``CheckpointHook`` writes
``last_checkpoint`` after the checkpoint, so it never names a partial file.
"""
from pathlib import Path
from typing import Union

from mmengine.fileio import io as mmengine_io
from mmengine.fileio.backends import LocalBackend, register_backend

from landmark.core.atomic_io import atomic_open


class AtomicLocalBackend(LocalBackend):
    """:class:`LocalBackend` whose ``put`` and ``put_text`` are atomic."""

    def put(self, obj: bytes, filepath: Union[str, Path]) -> None:
        """Write bytes to ``filepath`` atomically (parents created)."""
        with atomic_open(str(filepath), 'wb') as f:
            f.write(obj)

    def put_text(self,
                 obj: str,
                 filepath: Union[str, Path],
                 encoding: str = 'utf-8') -> None:
        """Write text to ``filepath`` atomically (parents created)."""
        with atomic_open(str(filepath), 'w', encoding=encoding) as f:
            f.write(obj)


def register_atomic_local_backend() -> None:
    """Make :class:`AtomicLocalBackend` MMEngine's backend for local paths.

    Called when :mod:`landmark.core` is imported; backends MMEngine cached
    before are dropped so that none keeps writing in place.
    """
    register_backend('local', AtomicLocalBackend, force=True, prefixes='')
    for key in [k for k in mmengine_io.backend_instances if k.startswith(':')]:
        del mmengine_io.backend_instances[key]
