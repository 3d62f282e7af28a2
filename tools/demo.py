"""The main job end to end on the default (synthetic) data.

Steps: generate the synthetic landmark photos (once), check them, and draw a
few annotated samples to PNG.

Example:
    python tools/demo.py --data-root data/landmarks --out-dir outputs/demo
"""
import argparse
import json
import os.path as osp
import sys

import cv2
from mmengine.utils import ProgressBar

from landmark.atomic_io import write_bytes_atomic
from landmark.datasets import (check_coco_dataset, generate_landmark_dataset,
                               make_palette)
from landmark.visualization import draw_boxes


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--data-root', default='data/landmarks')
    parser.add_argument('--out-dir', default='outputs/demo')
    parser.add_argument('--num-train', type=int, default=200)
    parser.add_argument('--num-val', type=int, default=50)
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--num-samples', type=int, default=4)
    return parser.parse_args(argv)


def make_data(args) -> None:
    train_json = osp.join(args.data_root, 'annotations', 'train.json')
    if osp.isfile(train_json):
        print(f'[1/3] Default data already in {args.data_root}')
        return
    print(f'[1/3] Generating {args.num_train} + {args.num_val} synthetic '
          f'landmark photos in {args.data_root}')
    bar = ProgressBar(args.num_train + args.num_val, file=sys.stderr)
    generate_landmark_dataset(
        args.data_root,
        args.num_train,
        args.num_val,
        args.seed,
        progress=bar.update)
    print(file=sys.stderr)


def check_data(args) -> bool:
    print('[2/3] Checking the data')
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


def draw_samples(args) -> None:
    ann_file = osp.join(args.data_root, 'annotations', 'val.json')
    with open(ann_file, encoding='utf-8') as f:
        coco = json.load(f)
    names = {c['id']: c['name'] for c in coco['categories']}
    palette = make_palette(len(names))
    print(f'[3/3] Drawing {args.num_samples} annotated samples to '
          f'{args.out_dir}/samples')
    for image in coco['images'][:args.num_samples]:
        img = cv2.imread(osp.join(args.data_root, 'images',
                                  image['file_name']))
        anns = [a for a in coco['annotations'] if a['image_id'] == image['id']]
        boxes = [[x, y, x + w, y + h] for x, y, w, h in
                 (a['bbox'] for a in anns)]
        colors = [palette[a['category_id'] - 1][::-1] for a in anns]
        drawn = draw_boxes(img, boxes, [names[a['category_id']] for a in anns],
                           colors)
        scale = 1280 / max(drawn.shape[:2])  # small enough to open anywhere
        if scale < 1:
            drawn = cv2.resize(drawn, None, fx=scale, fy=scale,
                               interpolation=cv2.INTER_AREA)
        out = osp.join(args.out_dir, 'samples',
                       osp.splitext(image['file_name'])[0] + '.png')
        write_bytes_atomic(cv2.imencode('.png', drawn)[1].tobytes(), out)
        print(f'  {out}')


def main(argv=None) -> int:
    args = parse_args(argv)
    make_data(args)
    if not check_data(args):
        print('The data has problems (above); fix them or regenerate.')
        return 1
    draw_samples(args)
    return 0


if __name__ == '__main__':
    sys.exit(main())
