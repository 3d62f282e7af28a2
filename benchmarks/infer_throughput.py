"""Landmark's inference and flip TTA against MMDetection's own, on the same
model, checkpoint and photos, in one process and one run.

1. Plain inference, photos/s at each ``--batch-sizes``, on photos of ONE
   size (the most common one of ``--ann-file``, or ``--size``), so a batch
   pads nothing: landmark's ``predict_images`` (what ``tools/infer.py``
   runs: decoding one batch ahead in a thread, names and skips bad photos)
   against ``mmdet.apis.DetInferencer``. The inferencer is given the config
   as landmark prepares it (``load_detector``: the pixel budget written
   into the pipelines, the classes and ``num_classes`` of the checkpoint, no
   pretrained downloads) as a ``Config`` object, which ``DetInferencer``
   documents as a valid ``model``, and the same checkpoint as ``weights``.
   A config file path works too (``Config.fromfile`` runs
   ``custom_imports``), but the tiny configs' ``max_long_side = 320`` is
   applied by landmark's tools only: from the bare file the inferencer
   would run at native resolution. The boxes of both are compared at each
   batch size (they should be the same). Where the config runs RoIAlign on
   torchvision's kernel (landmark's R-CNN configs), a third column times
   ``DetInferencer`` on the same config with mmcv's kernel, MMDetection's
   default (the same boxes, see ``benchmarks/roi_align_speed.py``).
2. Flip TTA at batch 1 on the first ``--num-photos`` photos of the file
   (any size): landmark's ``--tta`` model (``FusionTTAModel``: both views
   in one batch, WBF, views weighted 2:1, the top box kept) against
   MMDetection's ``DetTTAModel`` (one pass per view, NMS at IoU 0.5, 100
   boxes) around the same detector, both fed by the same ``TestTimeAug``
   flip pipeline through ``predict_images``, so only the TTA model differs;
   with the plain models beside them. Time per photo, top-1 localization
   accuracy (``SingleObjectMetric``: the top box has the right class and
   IoU >= 0.5) and COCO bbox mAP on all boxes and on the top box alone
   (a one-box prediction loses mAP against 100 boxes).

The measurements are interleaved round by round (the order reversed every
other round), so a busy shared machine slows them alike; the median of the
rounds is reported, after an untimed warm-up of each (its first batch and
one photo of each other size). Any attempt to open a network connection
stops the run (nothing may be downloaded). On a CPU shared with other jobs,
``--threads 1`` gives steadier figures.

Example (after ``make demo``)::

    python benchmarks/infer_throughput.py \
        configs/faster-rcnn/faster-rcnn_r18-tiny-fpn_1xb4-320px-12e_landmark.py \
        outputs/demo/work_dir/epoch_6.pth \
        --ann-file data/landmarks/annotations/val.json \
        --img-dir data/landmarks/images --batch-sizes 1 4 --rounds 3 \
        --threads 1
"""  # noqa: E501
import argparse
import contextlib
import copy
import json
import os.path as osp
import socket
import statistics
import tempfile
import time
from collections import Counter
from functools import partial
from typing import Callable, Dict, List, Optional, Sequence, Tuple
from unittest import mock

import numpy as np
import torch
from mmdet.apis import DetInferencer
from mmdet.registry import MODELS
from mmengine.config import ConfigDict

from landmark.core.config_paths import innermost_dataset
from landmark.detection.apis.batch_inference import predict_images
from landmark.detection.apis.detector_loading import load_detector
from landmark.detection.datasets.coco_ground_truth import (
    read_coco_class_names, read_coco_file)
from landmark.detection.evaluation.ensemble.prediction_evaluation import \
    evaluate_predictions

MMDET_TTA_MODEL = dict(
    type='DetTTAModel',
    tta_cfg=dict(nms=dict(type='nms', iou_threshold=0.5), max_per_img=100))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config')
    parser.add_argument('checkpoint')
    parser.add_argument('--ann-file', required=True, help='COCO json')
    parser.add_argument('--img-dir', required=True, help='its photos')
    parser.add_argument(
        '--num-photos',
        type=int,
        default=None,
        help='photos per measurement (default: all; the plain timing '
        'takes that many of one size)')
    parser.add_argument('--batch-sizes', type=int, nargs='+', default=[1, 4])
    parser.add_argument('--rounds', type=int, default=3)
    parser.add_argument(
        '--size',
        default=None,
        help='WxH of the plain timing photos '
        '(default: the most common size)')
    parser.add_argument('--device', default='cpu')
    parser.add_argument(
        '--threads',
        type=int,
        default=None,
        help='torch CPU threads (default: torch default)')
    args = parser.parse_args()
    counts = [args.rounds, *args.batch_sizes, args.num_photos or 1]
    if min(counts) < 1:
        parser.error('--rounds, --batch-sizes and --num-photos must be >= 1')
    return args


class Photo:
    """One image of the annotation file: its COCO id, path and size."""

    def __init__(self, image: dict, img_dir: str) -> None:
        self.img_id = image['id']
        self.path = osp.join(img_dir, image['file_name'])
        if not image.get('width') or not image.get('height'):
            raise ValueError(
                f'image {image["id"]!r} ({image["file_name"]}) has no width '
                'or height in the annotation file; they pick the same-size '
                'photos of the plain timing')
        self.size = (int(image['width']), int(image['height']))


def read_photos(ann_file: str, img_dir: str) -> Tuple[dict, List[Photo]]:
    """The COCO file and its photos, each checked to exist."""
    coco = read_coco_file(ann_file)
    photos = [Photo(image, img_dir) for image in coco['images']]
    for photo in photos:
        if not osp.isfile(photo.path):
            raise FileNotFoundError(
                f'{ann_file} lists {photo.path!r}, which does not exist '
                '(wrong --img-dir?)')
    if not photos:
        raise ValueError(f'{ann_file} lists no image')
    return coco, photos


def same_size_photos(photos: Sequence[Photo], size: Optional[str],
                     limit: Optional[int]) -> List[Photo]:
    """Up to ``limit`` photos of ``size`` (``'WxH'``), by default of the
    most common size, so that a batch pads nothing."""
    if size is None:
        wanted = Counter(p.size for p in photos).most_common(1)[0][0]
    else:
        wanted = tuple(int(v) for v in size.lower().split('x'))
    chosen = [p for p in photos if p.size == wanted][:limit]
    if not chosen:
        raise ValueError(f'no photo of size {size} in the annotation file')
    return chosen


def write_subset(coco: dict, photos: Sequence[Photo], out_file: str) -> None:
    """A COCO file of ``photos`` only: COCO mAP counts every image of its
    annotation file, predicted or not."""
    ids = {p.img_id for p in photos}
    subset = dict(
        coco,
        images=[im for im in coco['images'] if im['id'] in ids],
        annotations=[a for a in coco['annotations'] if a['image_id'] in ids])
    with open(out_file, 'w', encoding='utf-8') as f:
        json.dump(subset, f)


@contextlib.contextmanager
def no_network():
    """Fail at once on any attempt to open a network connection."""

    def refuse(*args, **kwargs):
        # socket.connect(self, address), create_connection(address, ...)
        address = next((a for a in args if isinstance(a, (tuple, str))), '')
        raise RuntimeError(
            f'something tried to reach the network ({address!r}); this '
            'benchmark must not download anything: give local weights')

    with mock.patch.object(socket.socket, 'connect', refuse), \
            mock.patch.object(socket, 'create_connection', refuse):
        yield


def inferencer_config(model: torch.nn.Module, ann_file: str, img_dir: str):
    """The config landmark built the model from, its test data pointed at
    the benchmark's photos (the inferencer builds the data set lazily for
    its palette, which reads the classes from the annotation file when the
    checkpoint names none)."""
    cfg = copy.deepcopy(model.cfg)
    dataset = innermost_dataset(cfg.test_dataloader)
    dataset.update(
        data_root='',
        ann_file=osp.abspath(ann_file),
        data_prefix=dict(img=osp.abspath(img_dir)))
    return cfg


def with_mmcv_roi_align(cfg):
    """A copy of ``cfg`` with every ``use_torchvision=True`` RoIAlign back
    on mmcv's kernel, or None when it has none."""
    cfg = copy.deepcopy(cfg)
    changed = []

    def visit(node):
        if isinstance(node, dict):
            if node.get('type') == 'RoIAlign' and node.get('use_torchvision'):
                node['use_torchvision'] = False
                changed.append(node)
            for value in node.values():
                visit(value)
        elif isinstance(node, (list, tuple)):
            for value in node:
                visit(value)

    visit(cfg.model)
    return cfg if changed else None


def mmdet_tta_model(landmark_tta: torch.nn.Module) -> torch.nn.Module:
    """MMDetection's ``DetTTAModel`` (flip, NMS) around landmark's TTA
    detector, fed by the same TTA pipeline."""
    model = MODELS.build(
        dict(**ConfigDict(MMDET_TTA_MODEL), module=landmark_tta.module))
    model.inference_pipeline = landmark_tta.inference_pipeline
    model.dataset_meta = landmark_tta.dataset_meta
    return model.eval()


def sync(device: str) -> None:
    if device.startswith('cuda'):
        torch.cuda.synchronize()


def landmark_predictions(model: torch.nn.Module, photos: Sequence[Photo],
                         batch_size: int) -> List[dict]:
    """``predict_images`` records, ``img_id`` set to the COCO id."""
    records = list(
        predict_images(
            model, [p.path for p in photos], batch_size, progress=False))
    if len(records) != len(photos):
        raise RuntimeError(f'predict_images skipped '
                           f'{len(photos) - len(records)} photo(s)')
    for record in records:
        record['img_id'] = photos[record['img_id']].img_id
    return records


def mmdet_predictions(inferencer: DetInferencer, photos: Sequence[Photo],
                      batch_size: int) -> List[dict]:
    """``DetInferencer`` predictions as ``predict_images`` records."""
    samples = inferencer([p.path for p in photos],
                         batch_size=batch_size,
                         return_datasamples=True)['predictions']
    records = []
    for photo, sample in zip(photos, samples):
        pred = sample.pred_instances
        records.append(
            dict(
                img_id=photo.img_id,
                img_path=photo.path,
                ori_shape=tuple(sample.metainfo['ori_shape']),
                pred_instances={
                    k: pred[k].detach().cpu().numpy()
                    for k in ('bboxes', 'scores', 'labels')
                }))
    return records


def top_box_only(records: Sequence[dict]) -> List[dict]:
    """Each record with its highest-scoring box alone."""
    kept = []
    for record in records:
        pred = record['pred_instances']
        best = np.argsort(-pred['scores'], kind='stable')[:1]
        top = {key: values[best] for key, values in pred.items()}
        kept.append(dict(record, pred_instances=top))
    return kept


def max_box_difference(a: Sequence[dict], b: Sequence[dict]) -> str:
    """The largest difference between two runs' boxes, image by image."""
    worst = 0.
    for ra, rb in zip(a, b):
        boxes_a = ra['pred_instances']['bboxes']
        boxes_b = rb['pred_instances']['bboxes']
        if boxes_a.shape != boxes_b.shape:
            return (f'box counts differ on {osp.basename(ra["img_path"])} '
                    f'({len(boxes_a)} vs {len(boxes_b)})')
        if boxes_a.size:
            worst = max(worst, float(np.abs(boxes_a - boxes_b).max()))
    return f'{worst:.3g} px'


Predict = Callable[[Sequence[Photo], int], List[dict]]
Job = Tuple[Predict, Sequence[Photo], int]  # predict(photos, batch size)


def warm_up_photos(photos: Sequence[Photo], batch: int) -> List[Photo]:
    """The first batch, and the first photo of each size it lacks: a CPU
    forward pass is slow the first times it sees a shape."""
    warm = list(photos[:batch])
    for photo in photos:
        if photo.size not in {p.size for p in warm}:
            warm.append(photo)
    return warm


def run_rounds(jobs: Dict[str, Job], rounds: int,
               device: str) -> Tuple[Dict[str, float], Dict[str, list], float]:
    """Time ``predict(photos, batch)`` of each job in ``rounds``
    interleaved rounds (the order reversed every other round), after an
    untimed warm-up (:func:`warm_up_photos`).

    Returns:
        tuple: The median seconds of each job, its predictions of the last
        round, and the largest slowest/fastest round ratio of a job (the
        machine's noise).
    """
    for predict, photos, batch in jobs.values():
        predict(warm_up_photos(photos, batch), batch)
    times: Dict[str, List[float]] = {name: [] for name in jobs}
    outputs = {}
    for index in range(rounds):
        names = list(jobs) if index % 2 == 0 else list(jobs)[::-1]
        for name in names:
            predict, photos, batch = jobs[name]
            sync(device)
            start = time.perf_counter()
            outputs[name] = predict(photos, batch)
            sync(device)
            times[name].append(time.perf_counter() - start)
    medians = {name: statistics.median(t) for name, t in times.items()}
    spread = max(max(t) / min(t) for t in times.values())
    return medians, outputs, spread


def plain_table(seconds: Dict[str, float], outputs: Dict[str, list],
                batch_sizes: Sequence[int], num_photos: int) -> List[str]:
    stock = f'mmdet-mmcv-roi b{batch_sizes[0]}' in seconds
    lines = [
        '| batch | landmark `predict_images` (photos/s) '
        '| mmdet `DetInferencer` (photos/s) | landmark / mmdet '
        '| largest box difference |' +
        (' mmdet, mmcv RoIAlign (photos/s) | landmark / it |' if stock else
         ''), '|---:|---:|---:|---:|---|' + ('---:|---:|' if stock else '')
    ]
    for batch in batch_sizes:
        ours = num_photos / seconds[f'landmark b{batch}']
        theirs = num_photos / seconds[f'mmdet b{batch}']
        difference = max_box_difference(outputs[f'landmark b{batch}'],
                                        outputs[f'mmdet b{batch}'])
        line = (f'| {batch} | {ours:.2f} | {theirs:.2f} '
                f'| {ours / theirs:.2f}x | {difference} |')
        if stock:
            theirs = num_photos / seconds[f'mmdet-mmcv-roi b{batch}']
            line += f' {theirs:.2f} | {ours / theirs:.2f}x |'
        lines.append(line)
    return lines


TTA_ROWS = (
    ('landmark plain', 'landmark `predict_images`, plain'),
    ('mmdet plain', 'mmdet `DetInferencer`, plain'),
    ('landmark tta', 'landmark flip TTA (`FusionTTAModel`: one batch, WBF, '
     '2:1, top box)'),
    ('mmdet tta', 'mmdet `DetTTAModel` (two passes, NMS 0.5, 100 boxes)'),
)


def tta_table(seconds: Dict[str, float], scores: Dict[str, dict],
              num_photos: int) -> List[str]:
    lines = [
        '| model, batch 1 | ms/photo | x plain | top-1 loc. acc. '
        '| bbox mAP (all boxes) | bbox mAP (top box) |',
        '|---|---:|---:|---:|---:|---:|'
    ]
    for name, label in TTA_ROWS:
        plain = seconds[name.split()[0] + ' plain']
        ms = seconds[name] / num_photos * 1000
        all_boxes, top_box = scores[name]
        lines.append(f'| {label} | {ms:.1f} | {seconds[name] / plain:.2f}x '
                     f'| {top_box["single_object/loc_acc"]:.3f} '
                     f'| {all_boxes["coco/bbox_mAP"]:.3f} '
                     f'| {top_box["coco/bbox_mAP"]:.3f} |')
    return lines


def spread_note(spread: float, rounds: int) -> str:
    if rounds < 2:
        return ''
    return f' (slowest/fastest round of a job: up to {spread:.2f}x)'


def build_jobs(
        args: argparse.Namespace, sized: Sequence[Photo],
        scored: Sequence[Photo]) -> Tuple[Dict[str, Job], Dict[str, Job]]:
    """The timed jobs of both tables: ``name: (predict, photos, batch)``."""
    plain = load_detector(args.config, args.checkpoint, args.device)
    tta = load_detector(args.config, args.checkpoint, args.device, tta=True)
    file_classes = read_coco_class_names(args.ann_file)
    if tuple(plain.dataset_meta['classes']) != file_classes:
        raise ValueError(
            f'the model\'s classes {plain.dataset_meta["classes"]} are not '
            f'those of {args.ann_file} {file_classes} (in that order)')
    inferencer = DetInferencer(
        inferencer_config(plain, args.ann_file, args.img_dir),
        weights=args.checkpoint,
        device=args.device,
        show_progress=False)
    ours = partial(landmark_predictions, plain)
    theirs = partial(mmdet_predictions, inferencer)
    ours_tta = partial(landmark_predictions, tta)
    theirs_tta = partial(landmark_predictions, mmdet_tta_model(tta))
    stock_cfg = with_mmcv_roi_align(
        inferencer_config(plain, args.ann_file, args.img_dir))
    stock = None if stock_cfg is None else partial(
        mmdet_predictions,
        DetInferencer(
            stock_cfg,
            weights=args.checkpoint,
            device=args.device,
            show_progress=False))
    plain_jobs = {}
    for batch in args.batch_sizes:
        plain_jobs[f'landmark b{batch}'] = (ours, sized, batch)
        plain_jobs[f'mmdet b{batch}'] = (theirs, sized, batch)
        if stock is not None:
            plain_jobs[f'mmdet-mmcv-roi b{batch}'] = (stock, sized, batch)
    tta_jobs = {
        'landmark plain': (ours, scored, 1),
        'mmdet plain': (theirs, scored, 1),
        'landmark tta': (ours_tta, scored, 1),
        'mmdet tta': (theirs_tta, scored, 1),
    }
    return plain_jobs, tta_jobs


def main():
    args = parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    coco, photos = read_photos(args.ann_file, args.img_dir)
    sized = same_size_photos(photos, args.size, args.num_photos)
    scored = photos[:args.num_photos]
    with no_network():
        plain_jobs, tta_jobs = build_jobs(args, sized, scored)
        plain_seconds, plain_outputs, plain_spread = run_rounds(
            plain_jobs, args.rounds, args.device)
        tta_seconds, tta_outputs, tta_spread = run_rounds(
            tta_jobs, args.rounds, args.device)
    with tempfile.TemporaryDirectory() as tmp:
        subset = osp.join(tmp, 'scored.json')
        write_subset(coco, scored, subset)
        scores = {
            name: (evaluate_predictions(records, subset),
                   evaluate_predictions(top_box_only(records), subset))
            for name, records in tta_outputs.items()
        }
    width, height = sized[0].size
    print(f'\n{args.config}, {args.checkpoint}, device {args.device}, '
          f'torch threads {torch.get_num_threads()}, median of '
          f'{args.rounds} interleaved round(s); no network connection was '
          'attempted')
    print(f'\nPlain inference, {len(sized)} photos of {width}x{height}'
          f'{spread_note(plain_spread, args.rounds)}:\n')
    print('\n'.join(
        plain_table(plain_seconds, plain_outputs, args.batch_sizes,
                    len(sized))))
    print(f'\nFlip TTA, the first {len(scored)} photos of {args.ann_file}, '
          'top-1 accuracy and mAP on them'
          f'{spread_note(tta_spread, args.rounds)}:\n')
    print('\n'.join(tta_table(tta_seconds, scores, len(scored))))
    ratio = tta_seconds['landmark tta'] / tta_seconds['mmdet tta']
    print(f'\nlandmark TTA / mmdet TTA time: {ratio:.2f}x')


if __name__ == '__main__':
    main()
