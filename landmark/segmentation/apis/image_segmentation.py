"""Segment image files with a config and one or more checkpoints
(``tools/infer.py`` on a segmentation config): run-length CSV rows streamed
as images are predicted, and the masks drawn over the images."""
import copy
import os.path as osp
from typing import (Dict, Iterable, Iterator, List, Optional, Sequence,
                    Tuple)

import cv2
import numpy as np
from mmengine.config import Config
from mmengine.dataset import Compose
from mmengine.registry import DefaultScope
from mmengine.runner import load_checkpoint

from landmark.core.atomic_io import write_bytes_atomic
from landmark.core.config_paths import innermost_dataset
from landmark.core.data_problems import ProblemLog
from landmark.core.image_batches import predict_image_files
from landmark.core.image_files import decode_image
from landmark.core.model_config import model_config_as_runner_builds
from landmark.core.pretrained_weights import drop_pretrained_weights
from landmark.segmentation.apis.data_settings import apply_data_settings
from landmark.segmentation.apis.pixel_budget import apply_pixel_budget
from landmark.segmentation.apis.segmentation_testing import \
    configure_segmentation_test
from landmark.segmentation.evaluation.rle_csv import rle_rows, write_rle_csv
from landmark.segmentation.visualization import draw_mask_overlay

SCOPE = 'mmseg'


def _without_annotations(pipeline: List[dict]) -> List[dict]:
    """``pipeline`` less ``LoadAnnotations`` (also inside ``TestTimeAug``):
    there are no masks to load at inference."""
    kept = []
    for step in copy.deepcopy(pipeline):
        if step.get('type') == 'LoadAnnotations':
            continue
        if step.get('type') == 'TestTimeAug':
            groups = [[t for t in group if t.get('type') != 'LoadAnnotations']
                      for group in step['transforms']]
            step['transforms'] = [group for group in groups if group]
        kept.append(step)
    return kept


def load_segmentor(config: str,
                   checkpoints: Sequence[str],
                   device: str = 'cpu',
                   tta: bool = False,
                   cfg_options: Optional[dict] = None,
                   checkpoint_weights: Optional[Sequence[float]] = None,
                   max_pixels: Optional[int] = None,
                   max_long_side: Optional[int] = None):
    """The segmentor in eval mode: one checkpoint, or the weighted mean of
    several (:class:`CheckpointEnsembleSegmentor`), with or without the
    config's view-weighted flip TTA, built as ``tools/test.py``'s runner
    builds it (the top-level ``data_preprocessor`` merged, the top-level
    data settings and pixel budget in the data sets, the head's classes
    matched to the data).

    ``dataset_meta`` (classes, palette) comes from the config's test data
    set and ``test_pipeline`` (a Compose, without ``LoadAnnotations``) is
    set on the returned model.

    Args:
        max_pixels (int, optional): Pixel budget per photo, winning over
            the config's ``max_pixels``. Defaults to None (the config's).
        max_long_side (int, optional): Longest side, winning over the
            config's ``max_long_side``. Defaults to None (the config's).

    Raises:
        KeyError: The config's test data set has no ``metainfo`` classes
            and palette.
        ClassCountError: A checkpoint predicts another number of classes
            than the data has.
    """
    import landmark.segmentation  # noqa: F401 (registers the modules)
    from mmseg.registry import MODELS
    cfg = Config.fromfile(config)
    if cfg_options:
        cfg.merge_from_dict(cfg_options)
    drop_pretrained_weights(cfg.model)
    apply_data_settings(cfg)
    apply_pixel_budget(cfg, max_pixels, max_long_side)
    cfg = configure_segmentation_test(
        cfg, list(checkpoints), tta, checkpoint_weights=checkpoint_weights)
    dataset = innermost_dataset(cfg.test_dataloader)
    metainfo = dataset.get('metainfo') or {}
    if not metainfo.get('classes') or not metainfo.get('palette'):
        raise KeyError(f'{config}: test_dataloader.dataset.metainfo needs '
                       'classes and palette; expected e.g. metainfo='
                       "dict(classes=('background', 'tower'), palette=[[0, "
                       '0, 0], [255, 0, 0]])')
    with DefaultScope.overwrite_default_scope(SCOPE):
        model = MODELS.build(model_config_as_runner_builds(cfg))
        model.test_pipeline = Compose(_without_annotations(dataset.pipeline))
    if len(checkpoints) == 1:  # an ensemble loads its members itself
        load_checkpoint(
            model.module if tta else model,
            checkpoints[0],
            map_location='cpu',
            logger='silent')
    model.dataset_meta = dict(
        classes=tuple(metainfo['classes']),
        palette=[list(c) for c in metainfo['palette']])
    return model.to(device).eval()


def segment_images(model, paths: Sequence[str], batch_size: int,
                   problems: ProblemLog) -> Iterator[Dict]:
    """``dict(img_path, labels)`` per readable image (labels: ``(H, W)``
    class indices at the image's size); the others are recorded in
    ``problems`` (file and reason) and skipped."""
    for path, sample in predict_image_files(model, paths, batch_size,
                                            problems, SCOPE):
        yield dict(
            img_path=path,
            labels=sample.pred_sem_seg.data[0].cpu().numpy())


def save_overlay(path: str, labels: np.ndarray, palette_rgb: Sequence,
                 show_dir: str) -> str:
    """Draw ``labels`` over the image at ``path`` (classes coloured black
    left undrawn) into ``show_dir/<stem>.png``; returns that path."""
    image = decode_image(path)
    drawn = draw_mask_overlay(image, labels,
                              [list(c)[::-1] for c in palette_rgb])
    ok, data = cv2.imencode('.png', drawn)
    if not ok:
        raise RuntimeError(f'could not encode the drawing of {path} as PNG')
    out = osp.join(show_dir, osp.splitext(osp.basename(path))[0] + '.png')
    write_bytes_atomic(data.tobytes(), out)
    return out


def check_unique_stems(paths: Sequence[str]) -> None:
    """Refuse two images whose file names without extension are the same:
    the run-length CSV names images by that stem.

    Raises:
        ValueError: Naming both files.
    """
    from landmark.core.submission import UniqueImageIds
    ids = UniqueImageIds('the CSV names images by file name without '
                         'extension; rename one of them')
    for path in paths:
        ids.add(osp.splitext(osp.basename(path))[0], path)


def write_masks_rle_csv(masks: Iterable[Tuple[str, np.ndarray]],
                        csv_path: str,
                        class_names: Sequence[str],
                        palette: Optional[Sequence] = None,
                        show_dir: Optional[str] = None) -> Tuple[int, int]:
    """Stream one RLE row per image and class (not background) to
    ``csv_path`` (renamed into place once complete) as ``masks`` come,
    each mask drawn over its image into ``show_dir`` when given: what
    ``tools/infer.py`` and ``Results.to_csv`` write.

    Args:
        masks (Iterable[tuple[str, np.ndarray]]): ``(image path, (H, W)
            class indices)`` per image.
        csv_path (str): The CSV.
        class_names (Sequence[str]): Name of each class index.
        palette (Sequence, optional): RGB colour per class, for drawing.
        show_dir (str, optional): Where the overlays go.

    Returns:
        tuple[int, int]: Images written, rows written.
    """
    done = 0

    def rows():
        nonlocal done
        for path, labels in masks:
            yield from rle_rows(
                osp.splitext(osp.basename(path))[0], labels, class_names)
            if show_dir:
                save_overlay(path, labels, palette, show_dir)
            done += 1

    num_rows = write_rle_csv(csv_path, rows())
    return done, num_rows
