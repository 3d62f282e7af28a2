"""The steps of ``tools/demo.py``, the main job end to end on the default
(synthetic) data: make the photos, check them, draw a few annotated samples,
train a tiny CNN detector on the CPU, evaluate it beside the trivial answer,
draw its predictions, write the HTML report of the validation photos.

Each step prints its number out of :data:`DEMO_STEPS` and what it made.
"""
import json
import os.path as osp
import sys
import time

import cv2
import numpy as np
from mmengine.runner import Runner

from landmark.core.atomic_io import write_bytes_atomic
from landmark.core.output_paths import file_in_folder
from landmark.core.prediction_pickles import load_prediction_pickle
from landmark.core.progress import ProgressBar
from landmark.detection.apis.runner_setup import (prepare_test_config,
                                                  prepare_train_config)
from landmark.detection.datasets import (check_coco_dataset,
                                         generate_landmark_dataset,
                                         make_palette, read_coco_ground_truth)
from landmark.detection.evaluation.metrics import mean_box_baseline
from landmark.detection.visualization import draw_boxes, draw_predictions
from landmark.report import build_report, write_report_folder

# the repository's configs/, whatever the working directory
DEMO_CONFIG = osp.join(
    osp.dirname(osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))),
    'configs', 'faster-rcnn',
    'faster-rcnn_r18-tiny-fpn_1xb4-320px-12e_landmark.py')
DEMO_STEPS = 8
SCREEN_SIZE = 1280  # longest side of a drawn picture: opens anywhere


def make_demo_data(data_root: str, num_train: int, num_val: int,
                   seed: int) -> None:
    """Step 1: generate the synthetic photos, unless ``data_root`` has
    them already."""
    train_json = osp.join(data_root, 'annotations', 'train.json')
    if osp.isfile(train_json):
        print(f'[1/{DEMO_STEPS}] Default data already in {data_root}')
        return
    print(f'[1/{DEMO_STEPS}] Generating {num_train} + {num_val} '
          f'synthetic landmark photos in {data_root}')
    bar = ProgressBar(num_train + num_val, file=sys.stderr)
    generate_landmark_dataset(
        data_root, num_train, num_val, seed, progress=bar.update)
    print(file=sys.stderr)


def check_demo_data(data_root: str) -> bool:
    """Step 2: check both splits; False if an item had to be skipped."""
    print(f'[2/{DEMO_STEPS}] Checking the data')
    ok = True
    for split in ('train', 'val'):
        summary, log = check_coco_dataset(
            osp.join(data_root, 'annotations', f'{split}.json'),
            osp.join(data_root, 'images'),
            decode=False)
        print(summary.format())
        print(log.summary())
        ok = ok and not log.num_skipped
    return ok


def fit_to_screen(image: np.ndarray) -> np.ndarray:
    """Shrink ``image`` so its longest side is at most
    :data:`SCREEN_SIZE`."""
    scale = SCREEN_SIZE / max(image.shape[:2])
    if scale < 1:
        image = cv2.resize(
            image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return image


def _write_png(image: np.ndarray, out: str) -> None:
    write_bytes_atomic(
        cv2.imencode('.png', fit_to_screen(image))[1].tobytes(), out)
    print(f'  {out}')


def draw_annotated_samples(data_root: str, out_dir: str,
                           num_samples: int) -> None:
    """Step 3: the first validation photos with their boxes, as PNGs in
    ``out_dir/samples``."""
    ann_file = osp.join(data_root, 'annotations', 'val.json')
    with open(ann_file, encoding='utf-8') as f:
        coco = json.load(f)
    names = {c['id']: c['name'] for c in coco['categories']}
    palette = make_palette(len(names))
    print(f'[3/{DEMO_STEPS}] Drawing {num_samples} annotated samples to '
          f'{out_dir}/samples')
    for image in coco['images'][:num_samples]:
        img = cv2.imread(osp.join(data_root, 'images', image['file_name']))
        anns = [a for a in coco['annotations'] if a['image_id'] == image['id']]
        boxes = [[x, y, x + w, y + h]
                 for x, y, w, h in (a['bbox'] for a in anns)]
        colors = [palette[a['category_id'] - 1][::-1] for a in anns]
        drawn = draw_boxes(img, boxes, [names[a['category_id']] for a in anns],
                           colors)
        _write_png(
            drawn,
            file_in_folder(  # a file_name such as ../x.jpg stays inside
                osp.join(out_dir, 'samples'),
                osp.splitext(image['file_name'])[0] + '.png'))


def train_demo_detector(config: str, data_root: str, out_dir: str, epochs: int,
                        seed: int) -> str:
    """Step 4: train the tiny detector on the CPU.

    Returns:
        str: The last checkpoint.
    """
    print(f'[4/{DEMO_STEPS}] Training {osp.basename(config)} for '
          f'{epochs} epochs on the CPU (progress and ETA below)')
    # warm up for 50 iterations, lr x0.1 for the last quarter of the epochs
    schedule = [
        dict(type='LinearLR', start_factor=0.1, by_epoch=False, end=50),
        dict(type='MultiStepLR', milestones=[max(1, epochs * 3 // 4)])
    ]
    cfg = prepare_train_config(
        config,
        work_dir=osp.join(out_dir, 'work_dir'),
        data_root=data_root,
        cfg_options={
            'train_cfg.max_epochs': epochs,
            'param_scheduler': schedule,
            'randomness': dict(seed=seed)
        })
    # no validation during training: step 5 evaluates the last checkpoint
    cfg.val_cfg = cfg.val_dataloader = cfg.val_evaluator = None
    start = time.time()
    Runner.from_cfg(cfg).train()
    minutes = (time.time() - start) / 60
    print(f'  trained in {minutes:.1f} min')
    return osp.join(cfg.work_dir, f'epoch_{epochs}.pth')


def evaluate_demo_detector(config: str, checkpoint: str, data_root: str,
                           out_dir: str) -> dict:
    """Step 5: test the checkpoint on val, writing ``predictions.csv`` and
    ``predictions.pkl`` in ``out_dir``.

    Returns:
        dict: The metrics of the test run.
    """
    print(f'[5/{DEMO_STEPS}] Evaluating {checkpoint} on the validation '
          'photos')
    csv_file = osp.join(out_dir, 'predictions.csv')
    pkl_file = osp.join(out_dir, 'predictions.pkl')
    cfg = prepare_test_config(
        config,
        checkpoint,
        work_dir=osp.join(out_dir, 'work_dir'),
        data_root=data_root)
    cfg.test_evaluator = list(cfg.test_evaluator) + [
        dict(type='SubmissionCSVWriter', out_file=csv_file),
        dict(type='DumpDetResults', out_file_path=pkl_file)
    ]
    metrics = Runner.from_cfg(cfg).test()
    print(f'  predictions CSV: {csv_file}')
    return metrics


def compare_with_trivial(data_root: str, metrics: dict) -> dict:
    """Step 6: print the detector's metrics beside the trivial answer's
    (the mean training box with the majority class).

    Returns:
        dict: The trivial answer's metrics (:func:`mean_box_baseline`).
    """
    ann = osp.join(data_root, 'annotations')
    trivial = mean_box_baseline(
        osp.join(ann, 'train.json'), osp.join(ann, 'val.json'))
    rows = [('', 'tiny detector', 'trivial answer*'),
            ('top-1 localization accuracy',
             f"{metrics['single_object/loc_acc']:.3f}",
             f"{trivial['loc_acc']:.3f}"),
            ('top-1 classification accuracy',
             f"{metrics['single_object/cls_acc']:.3f}",
             f"{trivial['cls_acc']:.3f}"),
            ('mean IoU of the top-1 box',
             f"{metrics['single_object/mean_iou']:.3f}",
             f"{trivial['mean_iou']:.3f}"),
            ('COCO bbox mAP', f"{metrics['coco/bbox_mAP']:.3f}", '-'),
            ('COCO bbox mAP@0.5', f"{metrics['coco/bbox_mAP_50']:.3f}", '-')]
    print(f'[6/{DEMO_STEPS}] Results on {trivial["num_images"]} validation '
          'photos')
    for name, mine, base in rows:
        print(f'  {name:<31}{mine:>14}{base:>17}')
    print(f"  * the mean training box (relative to the image) with the "
          f"majority class ({trivial['majority_class']})")
    return trivial


def draw_validation_predictions(data_root: str, out_dir: str,
                                num_samples: int) -> None:
    """Step 7: the top box (red) and the ground truth (green) on the first
    validation photos of ``out_dir/predictions.pkl``, as PNGs in
    ``out_dir/predicted``."""
    predictions = load_prediction_pickle(osp.join(out_dir, 'predictions.pkl'))
    truth, class_names = read_coco_ground_truth(
        osp.join(data_root, 'annotations', 'val.json'), keep_crowd=True)
    print(f'[7/{DEMO_STEPS}] Drawing predicted boxes (red) and ground truth '
          f'(green) on {num_samples} photos in {out_dir}/predicted')
    for pred in predictions[:num_samples]:
        instances = pred['pred_instances']
        gt = truth[pred['img_id']]
        drawn = draw_predictions(
            cv2.imread(pred['img_path']),
            instances['bboxes'],
            instances['scores'],
            instances['labels'],
            class_names,
            score_thr=0.0,
            max_boxes=1,
            gt_bboxes=gt['bboxes'],
            gt_labels=gt['labels'])
        _write_png(
            drawn,
            osp.join(out_dir, 'predicted',
                     osp.splitext(osp.basename(pred['img_path']))[0] + '.png'))


def write_demo_report(config: str, data_root: str, out_dir: str) -> str:
    """Step 8: the HTML report of the validation photos
    (``tools/report.py`` on ``out_dir/predictions.pkl``) in
    ``out_dir/report``.

    Returns:
        str: The report's ``index.html``.
    """
    report_dir = osp.join(out_dir, 'report')
    print(f'[8/{DEMO_STEPS}] Writing the report of the validation photos '
          '(metrics, per class, the worst photos drawn)')
    report = build_report(
        config, [osp.join(out_dir, 'predictions.pkl')], data_root=data_root)
    write_report_folder(report, report_dir)
    index = osp.join(report_dir, 'index.html')
    print(f'  open in a browser: {index}')
    return index
