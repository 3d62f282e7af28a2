"""Time ``tools/report.py`` on a large detection test set: 5,000 synthetic
photos, one box each, with predictions of which about a third are wrong.

Prints the seconds of each step (ground truth and COCO/single-object
metrics, thumbnails, page) and the whole report, thumbnails of every photo
included (``--num-gallery 0``): the goal is under a minute. Beside the wall
time it prints the CPU seconds of this process (its drawing threads included)
and the load average, since on a shared machine the wall time says how busy
the others were. The photos and predictions are made once in
``--work-dir`` (not timed) and reused.

Example::

    python benchmarks/report_speed.py --num-photos 5000 --size 1280x720
"""
import argparse
import json
import os
import os.path as osp
import resource
import shutil
import time

import cv2
import numpy as np

CONFIG = osp.join(
    osp.dirname(osp.dirname(osp.abspath(__file__))), 'configs', 'faster-rcnn',
    'faster-rcnn_r18-tiny-fpn_1xb4-320px-12e_landmark.py')
CLASSES = ('tower', 'dome', 'arch', 'pyramid', 'bridge')


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--num-photos', type=int, default=5000)
    parser.add_argument('--size', default='1280x720', help='photo WxH')
    parser.add_argument('--work-dir', default='/tmp/landmark_report_speed')
    parser.add_argument(
        '--workers', type=int, default=0, help='0: one per core')
    parser.add_argument(
        '--num-gallery', type=int, default=0, help='images drawn (0: all)')
    return parser.parse_args()


def make_photo_set(root: str, num: int, width: int, height: int) -> str:
    """``root/images/*.jpg``, ``root/annotations/val.json`` and
    ``root/predictions.pkl`` (made once); returns the pickle."""
    from landmark.core import dump_prediction_pickle
    pkl = osp.join(root, f'predictions_{num}.pkl')
    ann_file = osp.join(root, 'annotations', 'val.json')
    if osp.isfile(pkl) and osp.isfile(ann_file):
        with open(ann_file) as f:
            if len(json.load(f)['images']) == num:
                return pkl
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(osp.join(root, 'images'))
    os.makedirs(osp.join(root, 'annotations'))
    rng = np.random.default_rng(0)
    ramp = np.linspace(60, 200, width, dtype=np.float32)
    images, annotations, records = [], [], []
    for i in range(num):
        photo = np.empty((height, width, 3), np.uint8)
        photo[:] = (ramp[None, :, None] * rng.uniform(0.6, 1.0, 3)).astype(
            np.uint8)
        w, h = rng.integers(width // 6,
                            width // 2), rng.integers(height // 6, height // 2)
        x, y = rng.integers(0, width - w), rng.integers(0, height - h)
        label = int(rng.integers(len(CLASSES)))
        colour = tuple(int(c) for c in rng.integers(0, 255, 3))
        cv2.rectangle(photo, (int(x), int(y)), (int(x + w), int(y + h)),
                      colour, -1)
        name = f'photo_{i:05d}.jpg'
        cv2.imwrite(
            osp.join(root, 'images', name), photo,
            [cv2.IMWRITE_JPEG_QUALITY, 85])
        images.append(
            dict(id=i + 1, file_name=name, width=width, height=height))
        annotations.append(
            dict(
                id=i + 1,
                image_id=i + 1,
                category_id=label + 1,
                bbox=[int(x), int(y), int(w), int(h)],
                area=int(w * h),
                iscrowd=0))
        # a third of the answers: wrong class; a third: a shifted box
        box = np.array([x, y, x + w, y + h], np.float64)
        pred_label = (label + 1) % len(CLASSES) if i % 3 == 1 else label
        if i % 3 == 2:
            box += rng.uniform(0.1, 0.6) * w
        records.append(
            dict(
                img_id=i + 1,
                img_path=osp.join(root, 'images', name),
                ori_shape=(height, width),
                pred_instances=dict(
                    bboxes=np.stack([box, box * 0.9]),
                    scores=np.array([rng.uniform(0.5, 1), 0.2]),
                    labels=np.array([pred_label, label]))))
    with open(ann_file, 'w') as f:
        json.dump(
            dict(
                images=images,
                annotations=annotations,
                categories=[
                    dict(id=i + 1, name=n) for i, n in enumerate(CLASSES)
                ]), f)
    dump_prediction_pickle(records, pkl)
    return pkl


def _cpu_seconds() -> float:
    """User + system seconds of this process and its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + \
        children.ru_stime


def main():
    args = parse_args()
    width, height = (int(v) for v in args.size.split('x'))
    start = time.perf_counter()
    pkl = make_photo_set(args.work_dir, args.num_photos, width, height)
    print(f'test set: {args.num_photos} photos of {width}x{height} in '
          f'{args.work_dir} (made or found in '
          f'{time.perf_counter() - start:.1f} s, not timed)')
    out_dir = osp.join(args.work_dir, 'report')
    load_before = os.getloadavg()[0]
    cpu_start = _cpu_seconds()
    start = time.perf_counter()
    # the import is part of what a run of tools/report.py costs
    from landmark.report import build_report, write_report_folder
    report = build_report(CONFIG, [pkl], data_root=args.work_dir)
    metrics_s = time.perf_counter() - start
    written = write_report_folder(
        report, out_dir, num_gallery=args.num_gallery, workers=args.workers)
    total = time.perf_counter() - start
    cpu = _cpu_seconds() - cpu_start
    page_mb = os.path.getsize(osp.join(out_dir, 'index.html')) / 2**20
    print(f'import, metrics (ground truth, COCO mAP, top-1) '
          f'{metrics_s:6.1f} s')
    print(f"thumbnails ({written['thumbnails']}) and page "
          f"{written['seconds']:6.1f} s")
    print(f'report of {report.num_images} photos      {total:6.1f} s '
          f'({os.cpu_count()} CPU cores; index.html {page_mb:.1f} MB; '
          f'{out_dir}/index.html)')
    print(f'CPU time {cpu:.1f} s (this process, drawing threads included); '
          f'load average {load_before:.1f} before, '
          f'{os.getloadavg()[0]:.1f} after')
    print(f"mAP {report.runs[0].summary['COCO bbox mAP']:.3f}, top-1 "
          'localization accuracy '
          f"{report.runs[0].summary['top-1 localization accuracy']:.3f}")


if __name__ == '__main__':
    main()
