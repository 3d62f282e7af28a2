"""The main job end to end on the default (synthetic) data.

Steps: generate the synthetic landmark photos (once), check them, draw a few
annotated samples, train a tiny CNN detector on the CPU, evaluate it (top-1
localization accuracy and COCO mAP, beside the trivial answer: the mean
training box with the majority class), write a predictions CSV and draw the
predicted boxes on a few validation photos.

Example:
    python tools/demo.py --data-root data/landmarks --out-dir outputs/demo
"""
# isort: skip_file (OMP_WAIT_POLICY must be set before torch is imported)
import os

# Under load, OpenMP threads that spin while waiting make CPU training many
# times slower; passive waiting must be chosen before torch starts.
os.environ.setdefault('OMP_WAIT_POLICY', 'PASSIVE')

import argparse  # noqa: E402
import json  # noqa: E402
import os.path as osp  # noqa: E402
import pickle  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import cv2  # noqa: E402
from mmengine.utils import ProgressBar  # noqa: E402

from landmark.core.atomic_io import write_bytes_atomic  # noqa: E402
from landmark.detection.datasets import check_coco_dataset  # noqa: E402
from landmark.detection.datasets import generate_landmark_dataset  # noqa: E402
from landmark.detection.datasets import make_palette  # noqa: E402
from landmark.detection.visualization import draw_boxes  # noqa: E402

DEMO_CONFIG = ('configs/faster-rcnn/'
               'faster-rcnn_r18-tiny-fpn_1xb4-320px-12e_landmark.py')
STEPS = 7


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--data-root', default='data/landmarks')
    parser.add_argument('--out-dir', default='outputs/demo')
    parser.add_argument('--num-train', type=int, default=200)
    parser.add_argument('--num-val', type=int, default=50)
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--num-samples', type=int, default=4)
    parser.add_argument('--config', default=DEMO_CONFIG)
    parser.add_argument(
        '--epochs', type=int, default=6, help='training epochs (default 6)')
    parser.add_argument(
        '--skip-training',
        action='store_true',
        help='only make, check and draw the data')
    return parser.parse_args(argv)


def make_data(args) -> None:
    train_json = osp.join(args.data_root, 'annotations', 'train.json')
    if osp.isfile(train_json):
        print(f'[1/{STEPS}] Default data already in {args.data_root}')
        return
    print(f'[1/{STEPS}] Generating {args.num_train} + {args.num_val} '
          f'synthetic landmark photos in {args.data_root}')
    bar = ProgressBar(args.num_train + args.num_val, file=sys.stderr)
    generate_landmark_dataset(
        args.data_root,
        args.num_train,
        args.num_val,
        args.seed,
        progress=bar.update)
    print(file=sys.stderr)


def check_data(args) -> bool:
    print(f'[2/{STEPS}] Checking the data')
    ok = True
    for split in ('train', 'val'):
        summary, log = check_coco_dataset(
            osp.join(args.data_root, 'annotations', f'{split}.json'),
            osp.join(args.data_root, 'images'),
            decode=False)
        print(summary.format())
        print(log.summary())
        ok = ok and not log.num_skipped
    return ok


def _fit_to_screen(image):
    scale = 1280 / max(image.shape[:2])  # small enough to open anywhere
    if scale < 1:
        image = cv2.resize(
            image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return image


def draw_samples(args) -> None:
    ann_file = osp.join(args.data_root, 'annotations', 'val.json')
    with open(ann_file, encoding='utf-8') as f:
        coco = json.load(f)
    names = {c['id']: c['name'] for c in coco['categories']}
    palette = make_palette(len(names))
    print(f'[3/{STEPS}] Drawing {args.num_samples} annotated samples to '
          f'{args.out_dir}/samples')
    for image in coco['images'][:args.num_samples]:
        img = cv2.imread(
            osp.join(args.data_root, 'images', image['file_name']))
        anns = [a for a in coco['annotations'] if a['image_id'] == image['id']]
        boxes = [[x, y, x + w, y + h]
                 for x, y, w, h in (a['bbox'] for a in anns)]
        colors = [palette[a['category_id'] - 1][::-1] for a in anns]
        drawn = draw_boxes(img, boxes, [names[a['category_id']] for a in anns],
                           colors)
        out = osp.join(args.out_dir, 'samples',
                       osp.splitext(image['file_name'])[0] + '.png')
        write_bytes_atomic(
            cv2.imencode('.png', _fit_to_screen(drawn))[1].tobytes(), out)
        print(f'  {out}')


def train(args) -> str:
    """Train the tiny detector; return the last checkpoint."""
    from mmengine.runner import Runner

    from landmark.detection.apis.runner_setup import prepare_train_config
    print(f'[4/{STEPS}] Training {osp.basename(args.config)} for '
          f'{args.epochs} epochs on the CPU (progress and ETA below)')
    # warm up for 50 iterations, lr x0.1 for the last quarter of the epochs
    schedule = [
        dict(type='LinearLR', start_factor=0.1, by_epoch=False, end=50),
        dict(type='MultiStepLR', milestones=[max(1, args.epochs * 3 // 4)])
    ]
    cfg = prepare_train_config(
        args.config,
        work_dir=osp.join(args.out_dir, 'work_dir'),
        data_root=args.data_root,
        cfg_options={
            'train_cfg.max_epochs': args.epochs,
            'param_scheduler': schedule,
            'randomness': dict(seed=args.seed)
        })
    # no validation during training: step 5 evaluates the last checkpoint
    cfg.val_cfg = cfg.val_dataloader = cfg.val_evaluator = None
    start = time.time()
    Runner.from_cfg(cfg).train()
    minutes = (time.time() - start) / 60
    print(f'  trained in {minutes:.1f} min')
    return osp.join(cfg.work_dir, f'epoch_{args.epochs}.pth')


def evaluate(args, checkpoint: str) -> dict:
    """Test the checkpoint on val: metrics, predictions CSV and pickle."""
    from mmengine.runner import Runner

    from landmark.detection.apis.runner_setup import prepare_test_config
    print(f'[5/{STEPS}] Evaluating {checkpoint} on the validation photos')
    csv_file = osp.join(args.out_dir, 'predictions.csv')
    pkl_file = osp.join(args.out_dir, 'predictions.pkl')
    cfg = prepare_test_config(
        args.config,
        checkpoint,
        work_dir=osp.join(args.out_dir, 'work_dir'),
        data_root=args.data_root)
    cfg.test_evaluator = list(cfg.test_evaluator) + [
        dict(type='SubmissionCSVWriter', out_file=csv_file),
        dict(type='DumpDetResults', out_file_path=pkl_file)
    ]
    metrics = Runner.from_cfg(cfg).test()
    print(f'  predictions CSV: {csv_file}')
    return metrics


def compare_with_trivial(args, metrics: dict) -> dict:
    from landmark.detection.evaluation.metrics import mean_box_baseline
    ann = osp.join(args.data_root, 'annotations')
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
    print(f'[6/{STEPS}] Results on {trivial["num_images"]} validation photos')
    for name, mine, base in rows:
        print(f'  {name:<31}{mine:>14}{base:>17}')
    print(f"  * the mean training box (relative to the image) with the "
          f"majority class ({trivial['majority_class']})")
    return trivial


def draw_predictions_on_val(args) -> None:
    from landmark.detection.visualization.prediction_drawing import \
        draw_predictions
    pkl_file = osp.join(args.out_dir, 'predictions.pkl')
    with open(pkl_file, 'rb') as f:
        predictions = pickle.load(f)
    with open(
            osp.join(args.data_root, 'annotations', 'val.json'),
            encoding='utf-8') as f:
        coco = json.load(f)
    class_names = [
        c['name'] for c in sorted(coco['categories'], key=lambda c: c['id'])
    ]
    label_of = {
        c['id']: i
        for i, c in enumerate(
            sorted(coco['categories'], key=lambda c: c['id']))
    }
    print(f'[7/{STEPS}] Drawing predicted boxes (red) and ground truth '
          f'(green) on {args.num_samples} photos in {args.out_dir}/predicted')
    for pred in predictions[:args.num_samples]:
        anns = [
            a for a in coco['annotations'] if a['image_id'] == pred['img_id']
        ]
        instances = pred['pred_instances']
        drawn = draw_predictions(
            cv2.imread(pred['img_path']),
            instances['bboxes'].numpy(),
            instances['scores'].numpy(),
            instances['labels'].numpy(),
            class_names,
            score_thr=0.0,
            max_boxes=1,
            gt_bboxes=[[x, y, x + w, y + h]
                       for x, y, w, h in (a['bbox'] for a in anns)],
            gt_labels=[label_of[a['category_id']] for a in anns])
        out = osp.join(
            args.out_dir, 'predicted',
            osp.splitext(osp.basename(pred['img_path']))[0] + '.png')
        write_bytes_atomic(
            cv2.imencode('.png', _fit_to_screen(drawn))[1].tobytes(), out)
        print(f'  {out}')


def main(argv=None) -> int:
    args = parse_args(argv)
    make_data(args)
    if not check_data(args):
        print('The data has problems (above); fix them or regenerate.')
        return 1
    draw_samples(args)
    if args.skip_training:
        return 0
    checkpoint = train(args)
    metrics = evaluate(args, checkpoint)
    compare_with_trivial(args, metrics)
    draw_predictions_on_val(args)
    return 0


if __name__ == '__main__':
    sys.exit(main())
