"""Embed image files with a retrieval model: bad images named and skipped,
progress in the log, and a resumable on-disk cache (an interrupted
gallery embedding restarts from its last finished chunk)."""
import copy
import hashlib
import os
import os.path as osp
from typing import Iterator, List, Optional, Sequence, Tuple

import numpy as np
import torch

from landmark.core.atomic_io import atomic_open
from landmark.core.data_problems import ProblemLog
from landmark.core.image_files import ImageReadError, decode_image
from landmark.core.model_config import model_config_as_runner_builds
from landmark.core.progress import ProgressBar
from landmark.retrieval.models.tta import fuse_view_embeddings


def load_embedding_model(config,
                         checkpoint: Optional[str] = None,
                         device: str = 'cpu') -> torch.nn.Module:
    """The config's embedding model in eval mode, as the runner builds it
    (the top-level ``data_preprocessor``, i.e. normalization and BGR->RGB,
    merged in), with ``checkpoint``'s weights.

    Only the embedding is built: the training head (an ArcFace classifier
    over the training ids) is left out, and so are its weights in the
    checkpoint, whatever number of ids it was trained on. Every other
    weight must fit the model exactly.

    Raises:
        ValueError: The checkpoint's embedding weights do not fit the
            config's model (one line naming the checkpoint and keys).
    """
    from mmengine.runner.checkpoint import _load_checkpoint
    from mmpretrain.registry import MODELS
    model_cfg = model_config_as_runner_builds(config)
    model_cfg['head'] = None
    model = MODELS.build(model_cfg)
    if checkpoint:
        loaded = _load_checkpoint(checkpoint, map_location='cpu')
        state = loaded.get('state_dict', loaded)
        state = {
            k: v
            for k, v in state.items()
            if not k.startswith(('head.', 'data_preprocessor.'))
        }
        missing, unexpected = model.load_state_dict(state, strict=False)
        wrong = [k for k in missing if not k.startswith('data_preprocessor')]
        if wrong or unexpected:
            raise ValueError(
                f'checkpoint {checkpoint!r} does not fit the config\'s '
                f'embedding model: {len(wrong)} missing weight(s) (e.g. '
                f'{wrong[:2]}), {len(unexpected)} unexpected (e.g. '
                f'{unexpected[:2]}); expected a checkpoint of this config')
    return model.to(device).eval()


def embedding_pipeline_of(config) -> list:
    """The config's test pipeline (its ``image_size`` applied), which
    :func:`embed_image_files` runs as ``tools/test.py`` does."""
    from landmark.classification.datasets.transforms.image_size import \
        apply_image_size
    from landmark.core.config_paths import innermost_dataset
    config = copy.deepcopy(config)
    apply_image_size(config)
    return list(innermost_dataset(config.test_dataloader).pipeline)


@torch.no_grad()
def embed_batch(
    model: torch.nn.Module,
    images: Sequence[torch.Tensor],
    flip: bool = False,
    view_weights: Sequence[float] = (2.0, 1.0)
) -> torch.Tensor:
    """``(B, D)`` L2-normalized embeddings of ``(3, H, W)`` uint8 BGR
    images of one size (as ``PackInputs`` leaves them), normalized by the
    model's ``data_preprocessor``; with ``flip``, the weighted mean of the
    image's and its mirror's."""
    inputs = [
        im if isinstance(im, torch.Tensor) else torch.from_numpy(
            im.transpose(2, 0, 1).copy()) for im in images
    ]
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
        pipeline: Sequence[dict],
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
        pipeline (Sequence[dict]): The config's test pipeline
            (:func:`embedding_pipeline_of`): its first step, the loading, is
            done here (unreadable images named), the rest as in
            ``tools/test.py``, so both embed the same pixels.
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
    embeddings, oks = [], []
    for _, chunk_embeddings, chunk_ok in embed_image_chunks(
            model, paths, pipeline, batch_size, flip, view_weights,
            cache_dir, chunk_size, problems, desc):
        embeddings.append(chunk_embeddings)
        oks.append(chunk_ok)
    if not embeddings:
        return np.zeros((0, 0), np.float32), np.zeros(0, bool)
    return np.concatenate(embeddings), np.concatenate(oks)


def embed_image_chunks(
    model: torch.nn.Module,
    paths: Sequence[str],
    pipeline: Sequence[dict],
    batch_size: int = 16,
    flip: bool = False,
    view_weights: Sequence[float] = (2.0, 1.0),
    cache_dir: Optional[str] = None,
    chunk_size: int = 256,
    problems: Optional[ProblemLog] = None,
    desc: str = 'embedding'
) -> Iterator[Tuple[int, np.ndarray, np.ndarray]]:
    """:func:`embed_image_files` chunk by chunk, as each is embedded (or
    read from the cache), for a caller that writes them as they come
    (``tools/infer.py`` on a retrieval config); the arguments are
    :func:`embed_image_files`'s.

    Yields:
        tuple[int, np.ndarray, np.ndarray]: The index in ``paths`` of the
        chunk's first image, its ``(n, D)`` embeddings (zero rows for
        skipped images) and the ``(n,)`` mask of embedded ones.
    """
    problems = problems if problems is not None else ProblemLog()
    paths = [str(p) for p in paths]
    transforms = _after_loading(pipeline)
    bar = ProgressBar(len(paths), desc=desc)
    for start in range(0, len(paths), chunk_size):
        chunk = paths[start:start + chunk_size]
        chunk_file = osp.join(cache_dir, f'chunk_{start // chunk_size:06d}'
                              '.npz') if cache_dir else None
        cached = _load_chunk(chunk_file, chunk) if chunk_file else None
        if cached is None:
            cached = _embed_chunk(model, chunk, transforms, batch_size,
                                  flip, view_weights)
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
        bar.update(len(chunk))
        yield start, cached[0], cached[1]


def _after_loading(pipeline: Sequence[dict]):
    """The steps of a test pipeline after its loading step, composed."""
    from mmengine.dataset import Compose
    from mmpretrain.registry import TRANSFORMS
    steps = list(pipeline)
    if not steps or 'Load' not in steps[0].get('type', ''):
        raise ValueError(f'test pipeline {steps}; expected a loading step '
                         '(LoadImageOrSkip) first')
    return Compose([TRANSFORMS.build(copy.deepcopy(t)) for t in steps[1:]])


def _embed_chunk(model, paths, transforms, batch_size, flip,
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
        # what LoadImageFromFile hands the next step
        packed = transforms(
            dict(
                img=image,
                img_path=path,
                img_shape=image.shape[:2],
                ori_shape=image.shape[:2]))
        images.append(packed['inputs'])
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
