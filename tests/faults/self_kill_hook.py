"""A hook that ends its own training process with SIGKILL at a chosen
point, for the kill-and-resume tests (imported by their configs through
``custom_imports``; ``LANDMARK_KILL_AT`` picks the point):

- ``iter:N``: before training iteration N (1-based), data-loader workers
  busy preparing the next batches;
- ``save:N``: half-way through writing the checkpoint of epoch (or
  iteration) N: half its bytes are in the temporary file;
- ``val:N``: in the validation after epoch (or iteration) N, before its
  first batch's predictions are kept.
"""
import os
import signal

from mmengine.hooks import Hook
from mmengine.registry import HOOKS


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


@HOOKS.register_module()
class SelfKillHook(Hook):
    """SIGKILL this process where ``LANDMARK_KILL_AT`` says."""

    priority = 'VERY_LOW'

    def __init__(self):
        point = os.environ.get('LANDMARK_KILL_AT', '')
        self.kind, _, at = point.partition(':')
        self.at = int(at) if at else None

    def before_train(self, runner) -> None:
        if self.kind != 'save':
            return
        from landmark.core import atomic_file_backend
        backend = atomic_file_backend.AtomicLocalBackend
        original = backend.put
        names = (f'epoch_{self.at}.pth', f'iter_{self.at}.pth')

        def put_half_then_die(obj, data, filepath):
            if os.path.basename(str(filepath)) not in names:
                return original(obj, data, filepath)
            from landmark.core.atomic_io import atomic_open
            with atomic_open(str(filepath), 'wb') as f:
                f.write(data[:len(data) // 2])
                f.flush()
                _die()

        backend.put = put_half_then_die

    def before_train_iter(self, runner, batch_idx, data_batch=None):
        if self.kind == 'iter' and runner.iter + 1 == self.at:
            _die()

    def after_val_iter(self, runner, batch_idx, data_batch=None,
                       outputs=None):
        done = runner.iter if runner.train_loop.__class__.__name__.startswith(
            'Iter') else runner.epoch
        if self.kind == 'val' and done == self.at:
            _die()
