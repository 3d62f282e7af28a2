"""Log to TensorBoard as well where it is installed."""
import importlib.util

from mmengine.config import Config


def add_tensorboard_if_installed(cfg: Config) -> None:
    """Log to TensorBoard too when the ``tensorboard`` package exists."""
    if importlib.util.find_spec('tensorboard') is None:
        return
    backends = cfg.visualizer.setdefault('vis_backends', [])
    if not any(b.get('type') == 'TensorboardVisBackend' for b in backends):
        backends.append(dict(type='TensorboardVisBackend'))
