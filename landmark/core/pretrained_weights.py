"""Find, check and drop the pretrained weights a config asks for.

MMEngine fetches pretrained weights while it initializes the model, deep in
the first training step, and a missing file or an unreachable URL then ends
in a long traceback that names neither the config key nor the way out. The
check here runs before the runner is built and fails with ONE message that
names the file, the config key and how to train from scratch instead.
"""
import os.path as osp
import socket
from typing import Any, Callable, List, Optional, Tuple
from urllib.parse import urlparse

import torch

FROM_SCRATCH_HINT = ('or train from scratch (no pretrained weights) with '
                     '`tools/train.py CONFIG --from-scratch`')


class PretrainedWeightsError(RuntimeError):
    """A pretrained file that a config names cannot be had."""


def find_pretrained_weights(model_cfg: Any,
                            prefix: str = 'model') -> List[Tuple[str, str]]:
    """Every pretrained checkpoint a model config names, with its key.

    Looks for ``init_cfg=dict(type='Pretrained', checkpoint=...)`` (also in
    lists of init configs) and ``pretrained='...'`` strings at any depth.

    Args:
        model_cfg (dict): The ``model`` part of a config.
        prefix (str): Key path of ``model_cfg``. Defaults to ``'model'``.

    Returns:
        list[tuple[str, str]]: ``(config key, checkpoint)`` pairs, e.g.
        ``('model.backbone.init_cfg.checkpoint', 'torchvision://resnet50')``.
    """
    found: List[Tuple[str, str]] = []
    if isinstance(model_cfg, dict):
        if model_cfg.get('type') == 'Pretrained' and isinstance(
                model_cfg.get('checkpoint'), str):
            found.append((f'{prefix}.checkpoint', model_cfg['checkpoint']))
        for key, value in model_cfg.items():
            if key == 'pretrained' and isinstance(value, str):
                found.append((f'{prefix}.{key}', value))
            elif isinstance(value, (dict, list, tuple)):
                found += find_pretrained_weights(value, f'{prefix}.{key}')
    elif isinstance(model_cfg, (list, tuple)):
        for i, value in enumerate(model_cfg):
            found += find_pretrained_weights(value, f'{prefix}[{i}]')
    return found


def drop_pretrained_weights(model_cfg: Any) -> int:
    """Remove every pretrained checkpoint from a model config, in place.

    ``init_cfg=dict(type='Pretrained', ...)`` becomes ``None`` (the module's
    default initialization) and ``pretrained='...'`` becomes ``None``.

    Returns:
        int: How many were removed.
    """
    dropped = 0
    if isinstance(model_cfg, dict):
        for key, value in list(model_cfg.items()):
            if key == 'pretrained' and isinstance(value, str):
                model_cfg[key] = None
                dropped += 1
            elif isinstance(value, dict) and value.get('type') == 'Pretrained':
                model_cfg[key] = None
                dropped += 1
            elif isinstance(value, list) and any(
                    isinstance(v, dict) and v.get('type') == 'Pretrained'
                    for v in value):
                kept = [
                    v for v in value if not (
                        isinstance(v, dict) and v.get('type') == 'Pretrained')
                ]
                dropped += len(value) - len(kept)
                model_cfg[key] = kept or None
            else:
                dropped += drop_pretrained_weights(value)
    elif isinstance(model_cfg, (list, tuple)):
        dropped += sum(drop_pretrained_weights(v) for v in model_cfg)
    return dropped


def checkpoint_url(checkpoint: str) -> Optional[str]:
    """The http(s) URL behind a checkpoint name, '' for a local file, None
    for the other MMEngine schemes (``open-mmlab://``, ``s3://``...), which
    are not checked here."""
    if checkpoint.startswith(('http://', 'https://')):
        return checkpoint
    if checkpoint.startswith('torchvision://'):
        from mmengine.runner.checkpoint import get_torchvision_models
        name = checkpoint[len('torchvision://'):]
        urls = get_torchvision_models()
        if name not in urls:
            raise PretrainedWeightsError(
                f'{checkpoint!r}: torchvision has no model {name!r} '
                f'(known: {", ".join(sorted(urls)[:8])}, ...)')
        return urls[name]
    if '://' in checkpoint:
        return None
    return ''


def cached_download_path(url: str) -> str:
    """Where MMEngine keeps a downloaded URL (``$TORCH_HOME/checkpoints``)."""
    return osp.join(torch.hub.get_dir(), 'checkpoints',
                    osp.basename(urlparse(url).path))


def host_reachable(url: str, timeout: float = 5.0) -> bool:
    """Whether a TCP connection to the URL's host opens within ``timeout``."""
    parsed = urlparse(url)
    port = parsed.port or (443 if parsed.scheme == 'https' else 80)
    try:
        with socket.create_connection((parsed.hostname, port),
                                      timeout=timeout):
            return True
    except OSError:
        return False


def check_pretrained_weights(
        model_cfg: Any,
        reachable: Callable[[str], bool] = host_reachable) -> None:
    """Fail early, with one clear message, if a pretrained file is missing.

    A local path must exist; a URL must be in MMEngine's download cache or
    its host must answer (the download itself happens later, as usual).

    Args:
        model_cfg (dict): The ``model`` part of a config.
        reachable (callable): ``url -> bool``; the network check.

    Raises:
        PretrainedWeightsError: Naming the file, the config key, and the
            options: a local copy through ``--cfg-options`` or
            ``--from-scratch``.
    """
    for key, checkpoint in find_pretrained_weights(model_cfg):
        url = checkpoint_url(checkpoint)
        if url is None:
            continue
        if not url:
            if osp.isfile(osp.expanduser(checkpoint)):
                continue
            problem = f'the file {checkpoint!r} does not exist'
        elif osp.isfile(cached_download_path(url)) or reachable(url):
            continue
        else:
            problem = (f'{checkpoint!r} cannot be downloaded: '
                       f'{urlparse(url).hostname} is unreachable and '
                       f'{cached_download_path(url)} is not there')
        raise PretrainedWeightsError(
            f'Pretrained weights for `{key}`: {problem}. Download it '
            f'elsewhere and pass `--cfg-options {key}=/path/to/file.pth`, '
            f'{FROM_SCRATCH_HINT}.')
