"""Test the demo's tiny detector plain, with flip TTA and as an ensemble.

Runs the commands of docs/benchmarks.md ("Detection: flip TTA and
ensembles") as subprocesses, the tools as a user runs them::

    tools/test.py CFG W/epoch_E.pth --out e{E}_plain.pkl \\
        --cfg-options single_object_top1=True
    tools/test.py CFG W/epoch_E.pth --tta --out e{E}_tta.pkl
    tools/test.py CFG W/epoch_{E-1}.pth --out e{E-1}_plain.pkl \\
        --cfg-options single_object_top1=True
    tools/ensemble.py e{E-1}_plain.pkl e{E}_plain.pkl e{E}_tta.pkl \\
        --method wbf --ann-file DATA/annotations/val.json --out ensemble.pkl

then scores the four prediction files alike (COCO bbox mAP, mAP@50 and the
top-1 metrics of ``evaluate_predictions``, the figures ``tools/ensemble.py``
prints for each member) and prints them as the docs' table::

    python benchmarks/detection_variants.py \\
        [--work-dir outputs/demo/work_dir] [--data-root data/landmarks] \\
        [--pred-dir outputs/demo_tta] [--out PATH.json]

``--work-dir`` holding ``epoch_E.pth`` and ``epoch_{E-1}.pth`` (a ``make
demo`` run's) is reused as it is; otherwise the demo's data is generated
into ``--data-root`` (unless there) and the detector trained as
``tools/demo.py`` trains it (``--epochs``, ``--seed``), which takes about
6 minutes on 2 CPU cores. ``--out PATH.json`` writes a benchmark record
(``benchmarks/benchmark_record.py``), rewritten after each step;
``tools/analysis_tools/plot_benchmarks.py PATH.json --out PLOT.png``
draws it.
"""
# isort: skip_file (OMP_WAIT_POLICY must be set before torch is imported)
import os

os.environ.setdefault('OMP_WAIT_POLICY', 'PASSIVE')

import argparse  # noqa: E402
import json  # noqa: E402
import os.path as osp  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

REPO_ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
DEMO_CONFIG = 'configs/faster-rcnn/' \
    'faster-rcnn_r18-tiny-fpn_1xb4-320px-12e_landmark.py'
METRICS = (  # record key, key of evaluate_predictions, table header
    ('bbox_mAP', 'coco/bbox_mAP', 'bbox mAP'),
    ('bbox_mAP_50', 'coco/bbox_mAP_50', 'mAP@50'),
    ('loc_acc', 'single_object/loc_acc', 'top-1 loc. acc.'),
    ('cls_acc', 'single_object/cls_acc', 'cls. acc.'),
    ('mean_iou', 'single_object/mean_iou', 'mean IoU of the top-1 box'),
)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--config', default=DEMO_CONFIG)
    parser.add_argument(
        '--work-dir',
        default='outputs/demo/work_dir',
        help='checkpoints epoch_E.pth and epoch_{E-1}.pth; trained here as '
        'tools/demo.py trains when missing (the folder must then be named '
        'work_dir, as the demo names it)')
    parser.add_argument('--data-root', default='data/landmarks')
    parser.add_argument(
        '--pred-dir',
        default='outputs/demo_tta',
        help='where the .pkl prediction files go')
    parser.add_argument(
        '--epochs', type=int, default=6, help='E, the last epoch (6)')
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--num-train', type=int, default=200)
    parser.add_argument('--num-val', type=int, default=50)
    parser.add_argument(
        '--out', help='also write a benchmark record (.json) here')
    return parser.parse_args(argv)


def variant_commands(args) -> list:
    """``(variant, pkl, argv)`` of the test runs and the ensemble, in the
    order they run (the ensemble fuses the three before it)."""
    last, before = args.epochs, args.epochs - 1
    test = [
        sys.executable,
        osp.join(REPO_ROOT, 'tools', 'test.py'), args.config
    ]
    top1 = ['--cfg-options', 'single_object_top1=True']
    root = ['--data-root', args.data_root]

    def pkl(name):
        return osp.join(args.pred_dir, name)

    def checkpoint(epoch):
        return osp.join(args.work_dir, f'epoch_{epoch}.pth')

    runs = [
        (f'epoch {before}, plain', pkl(f'e{before}_plain.pkl'),
         test + [checkpoint(before), '--out',
                 pkl(f'e{before}_plain.pkl')] + root + top1),
        (f'epoch {last}, plain', pkl(f'e{last}_plain.pkl'),
         test + [checkpoint(last), '--out',
                 pkl(f'e{last}_plain.pkl')] + root + top1),
        (f'epoch {last}, flip TTA', pkl(f'e{last}_tta.pkl'),
         test + [checkpoint(last), '--tta', '--out',
                 pkl(f'e{last}_tta.pkl')] + root),
    ]
    members = [run[1] for run in runs]
    runs.append(('ensemble of the three (WBF)', pkl('ensemble.pkl'),
                 [sys.executable,
                  osp.join(REPO_ROOT, 'tools', 'ensemble.py')] + members + [
                      '--method', 'wbf', '--ann-file',
                      ann_file(args), '--out',
                      pkl('ensemble.pkl')
                  ]))
    return runs


def ann_file(args) -> str:
    return osp.join(args.data_root, 'annotations', 'val.json')


def train_if_missing(args) -> dict:
    """Train the demo's detector when its two last checkpoints are not in
    ``--work-dir``; returns what happened (for the record)."""
    wanted = [
        osp.join(args.work_dir, f'epoch_{e}.pth')
        for e in (args.epochs - 1, args.epochs)
    ]
    if all(osp.isfile(path) for path in wanted):
        return dict(trained=False, checkpoints=wanted)
    if osp.basename(osp.normpath(args.work_dir)) != 'work_dir':
        sys.exit(f'{args.work_dir}: no {osp.basename(wanted[0])} and '
                 f'{osp.basename(wanted[1])} in it; expected a trained work '
                 'dir, or one named work_dir for the demo to train into')
    from landmark.detection.apis import demo
    demo.make_demo_data(args.data_root, args.num_train, args.num_val,
                        args.seed)
    start = time.time()
    demo.train_demo_detector(args.config, args.data_root,
                             osp.dirname(osp.normpath(args.work_dir)),
                             args.epochs, args.seed)
    return dict(
        trained=True,
        checkpoints=wanted,
        train_seconds=round(time.time() - start, 1))


def score(pkl: str, ann: str) -> dict:
    """The figures of one prediction file, as ``tools/ensemble.py`` prints
    them for each member."""
    from landmark.core import load_prediction_pickle
    from landmark.detection.evaluation.ensemble import evaluate_predictions
    metrics = evaluate_predictions(load_prediction_pickle(pkl), ann)
    return {
        key: round(float(metrics[name]), 4)
        for key, name, _ in METRICS if name in metrics
    }


def markdown_table(variants: list) -> str:
    shown = [m for m in METRICS if all(m[0] in v for v in variants)]
    lines = [
        '| variant | ' + ' | '.join(m[2] for m in shown) + ' | seconds |',
        '|---' + '|---:' * (len(shown) + 1) + '|'
    ]
    for v in variants:
        cells = [f'{v[key]:.3f}' for key, *_ in shown]
        lines.append(f"| {v['variant']} | " + ' | '.join(cells) +
                     f" | {v['seconds']:.0f} |")
    return '\n'.join(lines)


def main(argv=None) -> int:
    args = parse_args(argv)
    record = None
    if args.out:
        sys.path.insert(0, osp.dirname(osp.abspath(__file__)))
        from benchmark_record import BenchmarkRecord
        record = BenchmarkRecord(args.out, 'detection_variants')
    results = dict(
        config=args.config,
        work_dir=args.work_dir,
        data_root=args.data_root,
        epochs=args.epochs,
        variants=[])
    if record:
        record.write(results)
    results.update(train_if_missing(args))
    with open(ann_file(args), encoding='utf-8') as f:
        results['val_images'] = len(json.load(f)['images'])
    os.makedirs(args.pred_dir, exist_ok=True)
    for variant, pkl, command in variant_commands(args):
        start = time.time()
        run = subprocess.run(
            command, cwd=os.getcwd(), capture_output=True, text=True)
        seconds = round(time.time() - start, 1)
        if run.returncode:
            print(
                f'{variant}: {" ".join(command)} failed '
                f'(exit {run.returncode}):\n{run.stderr[-3000:]}',
                file=sys.stderr)
            return 1
        row = dict(
            variant=variant, seconds=seconds, **score(pkl, ann_file(args)))
        notes = [ln for ln in run.stdout.splitlines() if ln.startswith('NOTE')]
        if notes:
            row['notes'] = notes
        results['variants'].append(row)
        print(markdown_table([row]).splitlines()[-1], flush=True)
        if record:
            record.write(results)
    if record:
        record.write(results, finished=True)
    print(markdown_table(results['variants']))
    return 0


if __name__ == '__main__':
    sys.exit(main())
