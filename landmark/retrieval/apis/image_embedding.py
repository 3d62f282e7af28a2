"""Embed image files with a retrieval model: bad images named and skipped,
progress in the log, and a resumable on-disk cache (an interrupted
gallery embedding restarts from its last finished chunk)."""
import copy
import hashlib
import os
import os.path as osp
from typing import List, Optional, Sequence, Tuple

import cv2
import numpy as np
import torch

from landmark.core.atomic_io import atomic_open
from landmark.core.data_problems import ProblemLog
from landmark.core.image_files import ImageReadError, decode_image
from landmark.core.progress import ProgressBar
from landmark.retrieval.models.tta import fuse_view_embeddings


def load_embedding_model(config,
                         checkpoint: Optional[str] = None,
                         device: str = 'cpu') -> torch.nn.Module:
    """The config's model in eval mode, with ``checkpoint``'s weights and
    the config's ``data_preprocessor`` (normalization), as the runner
    builds it for training."""
    from mmengine.runner import load_checkpoint
    from mmpretrain.registry import MODELS
    model_cfg = copy.deepcopy(config.model)
    if config.get('data_preprocessor'):
        model_cfg.setdefault('data_preprocessor', config.data_preprocessor)
    model = MODELS.build(model_cfg)
    if checkpoint:
        load_checkpoint(model, checkpoint, map_location='cpu')
    return model.to(device).eval()


@torch.no_grad()
def embed_batch(
    model: torch.nn.Module,
    images: Sequence[np.ndarray],
    flip: bool = False,
    view_weights: Sequence[float] = (2.0, 1.0)
) -> torch.Tensor:
    """``(B, D)`` L2-normalized embeddings of BGR images of one size; with
    ``flip``, the weighted mean of the image's and its mirror's."""
    inputs = [torch.from_numpy(im.transpose(2, 0, 1).copy()) for im in images]
    batch = model.data_preprocessor(dict(inputs=inputs), False)['inputs']
    views = [model.extract_feat(batch)[-1]]
    if flip:
        views.append(model.extract_feat(batch.flip(-1))[-1])
    return fuse_view_embeddings(views, view_weights if flip else None)


def cache_key(*parts) -> str:
    """A short hash naming one cache (model, weights, sizes, TTA)."""
    return hashlib.sha1(repr(parts).encode()).hexdigest()[:12]


def _load_chunk(path: str, paths: List[str]):
    if not osp.isfile(path):
        return None
    try:
        with np.load(path) as data:
            if list(data['paths']) == paths:
                return data['embeddings'], data['ok'], data['problems']
    except (OSError, ValueError, KeyError):
        # a broken chunk, or one saved without its problems, is embedded
        # again
        pass
    return None


def embed_image_files(
        model: torch.nn.Module,
        paths: Sequence[str],
        image_size: int,
        batch_size: int = 16,
        flip: bool = False,
        view_weights: Sequence[float] = (2.0, 1.0),
        cache_dir: Optional[str] = None,
        chunk_size: int = 256,
        problems: Optional[ProblemLog] = None,
        desc: str = 'embedding') -> Tuple[np.ndarray, np.ndarray]:
    """Embed ``paths``; unreadable images are recorded in ``problems``
    (file and reason; again when their chunk comes from the cache) and get
    no embedding.

    Args:
        model: From :func:`load_embedding_model`.
        paths (Sequence[str]): The image files.
        image_size (int): Square size the images are resized to.
        batch_size (int): Images per forward pass. Defaults to 16.
        flip (bool): Flip TTA. Defaults to False.
        view_weights (Sequence[float]): Original, flip. Defaults (2, 1).
        cache_dir (str, optional): Each chunk of ``chunk_size`` images is
            saved there once embedded (atomically) and reused by a later
            run with the same paths, so an interrupted run resumes.
        problems (ProblemLog, optional): Collects the unreadable images.

    Returns:
        tuple[np.ndarray, np.ndarray]: ``(N, D)`` float32 embeddings (zero
        rows for skipped images) and the ``(N,)`` mask of embedded ones.
    """
    problems = problems if problems is not None else ProblemLog()
    paths = [str(p) for p in paths]
    bar = ProgressBar(len(paths), desc=desc)
    embeddings, oks = [], []
    for start in range(0, len(paths), chunk_size):
        chunk = paths[start:start + chunk_size]
        chunk_file = osp.join(cache_dir, f'chunk_{start // chunk_size:06d}'
                              '.npz') if cache_dir else None
        cached = _load_chunk(chunk_file, chunk) if chunk_file else None
        if cached is None:
            cached = _embed_chunk(model, chunk, image_size, batch_size, flip,
                                  view_weights)
            if chunk_file:
                os.makedirs(cache_dir, exist_ok=True)
                with atomic_open(chunk_file, 'wb') as f:
                    np.savez(
                        f,
                        paths=np.array(chunk),
                        embeddings=cached[0],
                        ok=cached[1],
                        problems=cached[2])
        # a cached chunk names its skipped images again, as the run that
        # embedded it did
        for path, problem in zip(chunk, cached[2]):
            if problem:
                problems.add('unreadable_image', path, str(problem))
        embeddings.append(cached[0])
        oks.append(cached[1])
        bar.update(len(chunk))
    if not embeddings:
        return np.zeros((0, 0), np.float32), np.zeros(0, bool)
    return np.concatenate(embeddings), np.concatenate(oks)


def _embed_chunk(model, paths, image_size, batch_size, flip,
                 view_weights) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Embeddings, the mask of embedded images and, per image, why it was
    not embedded (``''`` when it was)."""
    images, ok = [], np.zeros(len(paths), bool)
    problems = [''] * len(paths)
    for i, path in enumerate(paths):
        try:
            image = decode_image(path)
        except ImageReadError as err:
            problems[i] = str(err)
            continue
        images.append(cv2.resize(image, (image_size, image_size)))
        ok[i] = True
    rows = [
        embed_batch(model, images[s:s + batch_size], flip, view_weights)
        for s in range(0, len(images), batch_size)
    ]
    dim = rows[0].shape[1] if rows else 1
    out = np.zeros((len(paths), dim), np.float32)
    if rows:
        out[ok] = torch.cat(rows).cpu().numpy()
    return out, ok, np.array(problems)
