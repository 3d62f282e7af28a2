"""A local file backend that writes atomically, under its own name.

MMEngine writes checkpoints (``epoch_N.pth``, ``best_*.pth``) through a
file backend; its ``local`` one opens the destination and writes into it,
so a crash or ``kill -9`` in the middle leaves a half-written checkpoint
under the final name. :class:`AtomicLocalBackend` writes to a temporary
file beside it and renames it (:func:`landmark.core.atomic_io.atomic_open`),
so a checkpoint file exists only once it is complete.

It is registered in MMEngine's backends as ``atomic_local`` (MMEngine's
``local`` backend is left as it is) and chosen by a config for the
checkpoints::

    default_hooks = dict(
        checkpoint=dict(backend_args=dict(backend='atomic_local')))

MMEngine's ``CheckpointHook`` writes ``last_checkpoint`` itself (plain
``open``) after the checkpoint, so it never names a partial file.
"""
from pathlib import Path
from typing import Union

from mmengine.fileio.backends import LocalBackend, backends, register_backend

from landmark.core.atomic_io import atomic_open

ATOMIC_BACKEND_ARGS = dict(backend='atomic_local')
"""``backend_args`` that choose :class:`AtomicLocalBackend`."""


class AtomicLocalBackend(LocalBackend):
    """:class:`LocalBackend` whose ``put`` and ``put_text`` are atomic.

    Examples:
        >>> from mmengine.fileio import get_file_backend
        >>> get_file_backend('work_dirs/x',
        ...                  backend_args=dict(backend='atomic_local'))
    """

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


if backends.get('atomic_local') is not AtomicLocalBackend:
    register_backend('atomic_local', AtomicLocalBackend, force=True)
