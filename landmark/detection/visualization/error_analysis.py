"""The error-analysis sheet: the photos the detector got most wrong, in one
picture, each captioned with its IoU, classes and score."""
import os.path as osp
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import cv2
import numpy as np
from mmdet.evaluation.functional import bbox_overlaps

from landmark.core import ImageReadError, decode_image
from landmark.detection.datasets.coco_ground_truth import \
    read_coco_ground_truth
from landmark.detection.visualization.prediction_drawing import \
    draw_predictions

BAD_CAPTION_COLOR = (40, 40, 200)  # BGR red band: a wrong top-1 answer
OK_CAPTION_COLOR = (60, 60, 60)


@dataclass
class ErrorCase:
    """The best prediction on one image against its ground truth.

    Args:
        img_path (str): The photo.
        gt_label (int): Ground-truth class index.
        gt_box (np.ndarray): Ground-truth ``x1, y1, x2, y2``.
        pred_label (int | None): Predicted class; None if nothing predicted.
        pred_box (np.ndarray | None): Predicted box.
        score (float): Its score (0 if nothing predicted).
        iou (float): IoU of the two boxes (0 if nothing predicted).
    """
    img_path: str
    gt_label: int
    gt_box: np.ndarray
    pred_label: Optional[int]
    pred_box: Optional[np.ndarray]
    score: float
    iou: float

    @property
    def wrong_class(self) -> bool:
        """The class is wrong, or nothing was predicted."""
        return self.pred_label != self.gt_label

    def correct(self, iou_thr: float = 0.5) -> bool:
        """Right class and IoU at least ``iou_thr`` (top-1 localization)."""
        return not self.wrong_class and self.iou >= iou_thr

    def caption(self, class_names: Sequence[str]) -> str:
        gt = class_names[self.gt_label]
        if self.pred_label is None:
            return f'MISSED gt {gt}'
        pred = class_names[self.pred_label]
        verdict = f'gt {gt} -> {pred}' if self.wrong_class else gt
        return f'IoU {self.iou:.2f}  {verdict}  {self.score:.2f}'


def load_ground_truth(ann_file: str) -> Dict[str, dict]:
    """``file name -> dict(boxes (M, 4) xyxy, labels (M,) 0-based, id)``
    from a COCO file; class indices follow category ids in order (as
    ``LandmarkDataset`` numbers them). Crowd boxes (VOC "difficult" ones)
    are kept: the sheet shows them."""
    images, _ = read_coco_ground_truth(ann_file, keep_crowd=True)
    return {
        osp.basename(img['file_name']):
        dict(id=img_id, boxes=img['bboxes'], labels=img['labels'])
        for img_id, img in images.items()
    }


def match_to_ground_truth(predictions: Sequence[dict],
                          truth: Dict[str, dict]) -> List[ErrorCase]:
    """Pair each image's best prediction with its ground-truth box.

    Images are matched by file name; an image without ground truth is
    left out. With several ground-truth boxes, the one the prediction
    overlaps most is used.
    """
    cases = []
    for pred in predictions:
        gt = truth.get(osp.basename(pred['img_path'] or ''))
        if gt is None or not len(gt['boxes']):
            continue
        inst = pred['pred_instances']
        scores = np.asarray(inst['scores']).reshape(-1)
        if not len(scores):
            cases.append(
                ErrorCase(pred['img_path'], int(gt['labels'][0]),
                          gt['boxes'][0], None, None, 0., 0.))
            continue
        best = int(np.argmax(scores))
        box = np.asarray(inst['bboxes'], np.float64).reshape(-1, 4)[best]
        gt_boxes = np.asarray(gt['boxes'], np.float64).reshape(-1, 4)
        ious = bbox_overlaps(box[None], gt_boxes)[0]
        k = int(np.argmax(ious))
        cases.append(
            ErrorCase(pred['img_path'], int(gt['labels'][k]), gt['boxes'][k],
                      int(np.asarray(inst['labels'])[best]), box,
                      float(scores[best]), float(ious[k])))
    return cases


def rank_worst(cases: Sequence[ErrorCase]) -> List[ErrorCase]:
    """Worst first, by IoU, a wrong class or a miss counting as IoU 0 (the
    top-1 answer is wrong either way); ties by IoU, then by higher score
    (a confident mistake first)."""
    return sorted(
        cases, key=lambda c: (0. if c.wrong_class else c.iou, c.iou, -c.score))


def _fit(image: np.ndarray, width: int,
         height: int) -> Tuple[np.ndarray, float, Tuple[int, int]]:
    """Resize into ``width x height`` keeping the aspect, on grey.

    Returns:
        tuple: The tile, the scale and the ``(x, y)`` offset of the photo.
    """
    tile = np.full((height, width, 3), 40, np.uint8)
    scale = min(width / image.shape[1], height / image.shape[0])
    w = max(1, round(image.shape[1] * scale))
    h = max(1, round(image.shape[0] * scale))
    resized = cv2.resize(image, (w, h), interpolation=cv2.INTER_AREA)
    y, x = (height - h) // 2, (width - w) // 2
    tile[y:y + h, x:x + w] = resized
    return tile, scale, (x, y)


def _put_text(canvas, text, origin, scale, color=(255, 255, 255)) -> None:
    cv2.putText(canvas, text, origin, cv2.FONT_HERSHEY_SIMPLEX, scale, color,
                1, cv2.LINE_AA)


def _draw_tile(case: ErrorCase, class_names: Sequence[str], tile_size: int,
               read_image: Callable[[str],
                                    np.ndarray], iou_thr: float) -> np.ndarray:
    caption_h = max(28, tile_size // 7)
    tile = np.full((tile_size + caption_h, tile_size, 3), 40, np.uint8)
    try:
        image = read_image(case.img_path)
    except ImageReadError:
        _put_text(tile, 'unreadable', (8, tile_size // 2), 0.5)
        _put_text(tile, osp.basename(case.img_path), (8, tile_size // 2 + 20),
                  0.4)
    else:
        # boxes are drawn on the shrunk photo, so lines and captions are
        # sized for the tile, not for a 4000 px original
        photo, scale, (dx, dy) = _fit(image, tile_size, tile_size)
        offset = np.array([dx, dy, dx, dy], np.float64)

        def to_tile(box):
            return np.asarray(box, np.float64) * scale + offset

        has_pred = case.pred_box is not None
        tile[:tile_size] = draw_predictions(
            photo,
            np.array([to_tile(case.pred_box)]) if has_pred else np.zeros(
                (0, 4)),
            np.array([case.score]) if has_pred else np.zeros(0),
            np.array([case.pred_label]) if has_pred else np.zeros(0, int),
            class_names,
            score_thr=0.,
            gt_bboxes=np.array([to_tile(case.gt_box)]),
            gt_labels=np.array([case.gt_label]))
    band = OK_CAPTION_COLOR if case.correct(iou_thr) else BAD_CAPTION_COLOR
    tile[tile_size:] = band
    scale = tile_size / 640
    _put_text(tile, case.caption(class_names),
              (6, tile_size + caption_h // 2 - 2), max(0.35, scale * 1.0))
    _put_text(tile,
              osp.basename(case.img_path), (6, tile_size + caption_h - 6),
              max(0.3, scale * 0.8), (210, 210, 210))
    return tile


def make_error_sheet(
        cases: Sequence[ErrorCase],
        class_names: Sequence[str],
        num_images: int = 16,
        columns: int = 4,
        tile_size: int = 320,
        iou_thr: float = 0.5,
        read_image: Callable[[str], np.ndarray] = decode_image) -> np.ndarray:
    """A grid of the ``num_images`` worst cases (see :func:`rank_worst`).

    Each tile shows the photo with the ground truth (green) and the best
    prediction (red), captioned ``IoU 0.42  gt tower -> dome  0.81`` and
    the file name, on a red band when the answer is wrong (wrong class,
    miss, or IoU below ``iou_thr``).

    Args:
        cases (Sequence[ErrorCase]): From :func:`match_to_ground_truth`.
        class_names (Sequence[str]): Class name of each index.
        num_images (int): Tiles at most. Defaults to 16.
        columns (int): Tiles per row. Defaults to 4.
        tile_size (int): Tile side in pixels. Defaults to 320.
        iou_thr (float): IoU a right answer needs. Defaults to 0.5.
        read_image (Callable): Path -> BGR image. Defaults to
            :func:`~landmark.detection.datasets.decode_image`.

    Returns:
        np.ndarray: The BGR sheet, with a title line.
    """
    if not cases:
        raise ValueError('no image to show: no prediction matched a '
                         'ground-truth image (are the file names the same?)')
    worst = rank_worst(cases)[:num_images]
    tiles = [
        _draw_tile(c, class_names, tile_size, read_image, iou_thr)
        for c in worst
    ]
    columns = min(columns, len(tiles))
    rows = -(-len(tiles) // columns)
    tile_h, tile_w = tiles[0].shape[:2]
    gap, title_h = 4, 36
    sheet = np.full(
        (title_h + rows * (tile_h + gap), columns * (tile_w + gap) - gap, 3),
        255, np.uint8)
    wrong = sum(c.wrong_class for c in cases)
    loose = sum(not c.wrong_class and c.iou < iou_thr for c in cases)
    mean_iou = float(np.mean([c.iou for c in cases]))
    _put_text(
        sheet, f'{len(worst)} worst of {len(cases)} images: {wrong} '
        f'wrong class or missed, {loose} with IoU < {iou_thr:g}; '
        f'mean IoU {mean_iou:.2f}', (8, 24), 0.55, (0, 0, 0))
    for i, tile in enumerate(tiles):
        r, c = divmod(i, columns)
        y, x = title_h + r * (tile_h + gap), c * (tile_w + gap)
        sheet[y:y + tile_h, x:x + tile_w] = tile
    return sheet
