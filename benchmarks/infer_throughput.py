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

3. ``--before TREE``, instead of 1 and 2: ``tools/infer.py`` of this
   checkout against the same tool of another checkout (a git worktree of
   an earlier commit, e.g. before a change of the prediction path), on any
   task's config, the same photos and flags. Each round runs both, in
   fresh processes (``PYTHONPATH`` = the checkout, so each imports its own
   ``landmark``), in alternating order; a run is timed from the tool's
   ``main()`` to its return (model loading, predicting, writing; not the
   interpreter's start-up and imports). Reported: each round's seconds,
   the medians, and after/before as throughput (before's seconds over
   this checkout's), with the detection tool's own photos/s of the
   prediction loop beside them.

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

``tools/infer.py`` of this checkout against HEAD's (any task), 5
alternating rounds::

    git worktree add /tmp/infer_before HEAD
    python benchmarks/infer_throughput.py CONFIG CKPT \
        --before /tmp/infer_before --input 'photos/*.jpg' --rounds 5 \
        --threads 1 --infer-args='--batch-size 4'
    git worktree remove /tmp/infer_before
"""  # noqa: E501
import argparse
import contextlib
import copy
import json
import os
import os.path as osp
import re
import shlex
import socket
import statistics
import subprocess
import sys
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
    parser.add_argument(
        '--ann-file', help='COCO json (required without --before)')
    parser.add_argument(
        '--img-dir', help='its photos (required without --before)')
    parser.add_argument(
        '--before',
        metavar='TREE',
        help='time tools/infer.py of this checkout against the one of TREE '
        '(another checkout, e.g. a git worktree of HEAD) instead')
    parser.add_argument(
        '--input', help='with --before: the photos (infer.py\'s INPUT)')
    parser.add_argument(
        '--infer-args',
        default='',
        help='with --before: more infer.py flags, one string '
        "(e.g. '--batch-size 4 --tta')")
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
    if args.before is not None:
        if args.input is None:
            parser.error('--before needs --input, the photos to predict')
        if not osp.isfile(osp.join(args.before, 'tools', 'infer.py')):
            parser.error(f'--before {args.before!r}: expected a checkout '
                         'of this repository (no tools/infer.py there)')
    elif args.ann_file is None or args.img_dir is None:
        parser.error('--ann-file and --img-dir are required (or --before)')
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


# run in a fresh interpreter with PYTHONPATH = the checkout: its
# tools/infer.py timed from main() to its return
_TIMED_INFER = """
import json, runpy, sys, time
tree, argv = sys.argv[1], sys.argv[2:]
tool = runpy.run_path(tree + '/tools/infer.py')
start = time.perf_counter()
code = tool['main'](argv)
print('TIMED ' + json.dumps(dict(code=code,
                                 seconds=time.perf_counter() - start)))
"""


def timed_infer_run(tree: str, argv: Sequence[str], threads: Optional[int],
                    out_dir: str) -> Tuple[float, Optional[float]]:
    """One ``tools/infer.py`` run of the checkout ``tree``: the seconds of
    its ``main()`` and, when it prints them (detection), its own photos/s
    of the prediction loop.

    Raises:
        RuntimeError: The run failed (its output's tail in the message).
    """
    env = dict(os.environ, PYTHONPATH=osp.abspath(tree))
    if threads:
        env.update(OMP_NUM_THREADS=str(threads), MKL_NUM_THREADS=str(threads))
    proc = subprocess.run(
        [sys.executable, '-c', _TIMED_INFER,
         osp.abspath(tree), *argv, '--out-dir', out_dir],
        env=env, capture_output=True, text=True)
    timed = [ln for ln in proc.stdout.splitlines() if ln.startswith('TIMED ')]
    result = json.loads(timed[-1][6:]) if timed else None
    if result is None or result['code'] not in (0, 1):
        raise RuntimeError(f'infer.py of {tree} failed:\n'
                           f'{(proc.stdout + proc.stderr)[-2000:]}')
    rate = re.search(r'\(([\d.]+) images/s\)', proc.stdout)
    return result['seconds'], float(rate.group(1)) if rate else None


def before_after(args: argparse.Namespace) -> None:
    """Section 3 of the module docstring: ``tools/infer.py`` of this
    checkout and of ``--before``, alternating round by round."""
    here = osp.dirname(osp.dirname(osp.abspath(__file__)))
    trees = dict(after=here, before=osp.abspath(args.before))
    # both run from this folder (a config's relative data root means the
    # same files), on the same config file
    argv = [
        osp.abspath(args.config),
        osp.abspath(args.checkpoint),
        osp.abspath(args.input), '--device', args.device,
        *shlex.split(args.infer_args)
    ]
    seconds = {name: [] for name in trees}
    rates = {name: [] for name in trees}
    with tempfile.TemporaryDirectory() as tmp:
        # an untimed first run of each: the file cache, the CPU's shapes
        for name, tree in trees.items():
            timed_infer_run(tree, argv, args.threads, osp.join(tmp, name))
        for index in range(args.rounds):
            names = list(trees) if index % 2 == 0 else list(trees)[::-1]
            for name in names:
                run_seconds, rate = timed_infer_run(
                    trees[name], argv, args.threads,
                    osp.join(tmp, f'{name}_{index}'))
                seconds[name].append(run_seconds)
                if rate is not None:
                    rates[name].append(rate)
                print(f'round {index + 1} {name}: {run_seconds:.2f} s' +
                      (f' ({rate:.2f} images/s predicting)'
                       if rate is not None else ''),
                      flush=True)
    median = {name: statistics.median(t) for name, t in seconds.items()}
    ratios = [b / a for a, b in zip(seconds['after'], seconds['before'])]
    print(f'\ntools/infer.py {" ".join(argv)}, torch threads '
          f'{args.threads or "default"}, {args.rounds} alternating rounds')
    print(f'after  ({trees["after"]}): median {median["after"]:.2f} s')
    print(f'before ({trees["before"]}): median {median["before"]:.2f} s')
    print('after/before throughput: median of the rounds '
          f'{statistics.median(ratios):.3f} (each round: '
          f'{", ".join(f"{r:.3f}" for r in ratios)}); of the medians '
          f'{median["before"] / median["after"]:.3f}')
    if rates['after'] and rates['before']:
        rate_ratios = [a / b for a, b in zip(rates['after'], rates['before'])]
        print('after/before of the tool\'s own images/s (prediction loop): '
              f'median {statistics.median(rate_ratios):.3f} (each round: '
              f'{", ".join(f"{r:.3f}" for r in rate_ratios)})')


def main():
    args = parse_args()
    if args.before is not None:
        before_after(args)
        return
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
