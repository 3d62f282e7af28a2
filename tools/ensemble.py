"""Fuse the saved predictions of several models or epochs.

Reads the ``.pkl`` files of ``tools/test.py --out`` (safely: only arrays and
tensors are unpickled), fuses them image by image with WBF, NMW, soft-NMS or
NMS and per-file weights, writes the fused predictions (same ``.pkl``
format) and/or a submission CSV, and, given the annotation file, prints every
member's metrics beside the ensemble's: an ensemble can score LOWER than its
best member, so look before you submit.

Example::

    python tools/ensemble.py work_dirs/a/preds.pkl work_dirs/b/preds.pkl \
        --weights 2 1 --method wbf \
        --ann-file data/landmarks/annotations/val.json \
        --out work_dirs/ensemble/preds.pkl --csv work_dirs/ensemble/sub.csv

Classifiers' files (``tools/test.py`` on a classification config, e.g. one
per epoch kept by ``KeepLastEpochsHook``) are averaged instead: the
weighted mean of their class probabilities::

    python tools/ensemble.py e8.pkl e9.pkl e10.pkl --weights 1 1 2 \
        --classes cardboard glass metal paper plastic trash --csv ens.csv

Given the members' configs, a classifier ensemble is refused (exit 2, one
line naming the figure and the cap, nothing written) when its summed FLOPs
or parameters are above ``--max-gflops``/``--max-params-m`` (default: the
tightest ``model_budget`` of the members)::

    python tools/ensemble.py a.pkl b.pkl --configs a.py b.py \
        --max-gflops 0.5 --csv ens.csv

Segmentation checkpoints are tested together on the config's test set
(their probabilities averaged), with ``tools/test.py``'s ``--data-root``,
``--max-pixels`` and ``--cfg-options``::

    python tools/ensemble.py CONFIG epoch_7.pth epoch_8.pth \
        --data-root data/my_masks --max-pixels 262144 --csv ens.csv
"""
import argparse
import os.path as osp
import sys

from mmengine.config import Config

from landmark.core import dump_prediction_pickle, load_prediction_pickle
from landmark.core.config_scope import ConfigFileError, config_scope
from landmark.core.tool_args import add_cfg_options_arg, add_pixel_budget_args
from landmark.detection.datasets import read_coco_class_names
from landmark.detection.evaluation.ensemble import (evaluate_predictions,
                                                    fuse_prediction_sets)
from landmark.detection.evaluation.writers import (add_submission_format_args,
                                                   submission_format_from_args,
                                                   write_submission_csv)
from landmark.detection.models.tta import FUSION_METHODS, BoxFuser


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description='Fuse the predictions (.pkl of tools/test.py --out) of '
        'several models or epochs')
    parser.add_argument('predictions', nargs='+', help='.pkl files to fuse')
    parser.add_argument(
        '--weights',
        type=float,
        nargs='+',
        help='one weight per file (default: 1 each)')
    parser.add_argument('--method', choices=FUSION_METHODS, default='wbf')
    parser.add_argument('--iou-thr', type=float, default=0.55)
    parser.add_argument('--skip-box-thr', type=float, default=0.0)
    parser.add_argument(
        '--conf-type',
        default='avg',
        help='WBF cluster score: avg, max, box_and_model_avg,'
        ' absent_model_aware_avg')
    parser.add_argument(
        '--all-objects',
        action='store_true',
        help='keep every fused box (default: the top box '
        'only, one landmark per photo)')
    parser.add_argument(
        '--fusion-cfg',
        help='snippet of tools/tune_fusion.py (fusion, '
        'weights); overrides the options above')
    parser.add_argument('--out', help='fused predictions (.pkl)')
    parser.add_argument('--csv', help='submission CSV of the fused boxes')
    parser.add_argument(
        '--ann-file',
        help='COCO annotations: print metrics of every '
        'member and of the ensemble (and class names)')
    parser.add_argument(
        '--classes',
        nargs='+',
        help='class names for the CSV if no --ann-file')
    parser.add_argument(
        '--configs',
        nargs='+',
        help='classifiers: one config per prediction file; the '
        'members\' summed FLOPs and parameters are checked against the cap '
        'before anything is written')
    parser.add_argument(
        '--max-gflops',
        type=float,
        help='cap on the members\' summed GFLOPs (default: the tightest '
        'model_budget.max_gflops of --configs)')
    parser.add_argument(
        '--max-params-m',
        type=float,
        help='cap on the members\' summed millions of parameters (default: '
        'the tightest model_budget.max_params_m of --configs)')
    parser.add_argument(
        '--data-root',
        help='segmentation (CONFIG A.pth B.pth): test on this data set, as '
        'tools/test.py --data-root')
    add_pixel_budget_args(parser)
    add_cfg_options_arg(
        parser,
        help='segmentation: override config settings, key=value, as '
        'tools/test.py --cfg-options')
    add_submission_format_args(parser)
    return parser.parse_args(argv)


# the flags of a segmentation ensemble's test run
TEST_RUN_FLAGS = ('data_root', 'max_pixels', 'max_long_side', 'cfg_options')


def build_fuser(args):
    if args.fusion_cfg:
        cfg = Config.fromfile(args.fusion_cfg)
        if 'fusion' not in cfg:
            sys.exit(f'{args.fusion_cfg}: no `fusion` dict; expected the '
                     'snippet written by tools/tune_fusion.py')
        fusion = dict(cfg.fusion)
        fusion.pop('type', None)
        return BoxFuser(**fusion), cfg.get('weights', args.weights)
    fuser = BoxFuser(
        method=args.method,
        iou_thr=args.iou_thr,
        skip_box_thr=args.skip_box_thr,
        conf_type=args.conf_type,
        single_object=not args.all_objects)
    return fuser, args.weights


def main(argv=None):
    args = parse_args(argv)
    try:
        scope = config_scope(args.predictions[0])
    except ConfigFileError as err:
        sys.exit(f'error: {err}')
    if scope == 'mmseg':  # CONFIG A.pth B.pth
        from landmark.segmentation.apis.tool_runs import run_ensemble
        return run_ensemble(args)
    given = [
        '--' + flag.replace('_', '-') for flag in TEST_RUN_FLAGS
        if getattr(args, flag) is not None
    ]
    if given:
        sys.exit(f'{", ".join(given)}: for a segmentation ensemble (CONFIG '
                 'A.pth B.pth) only; saved predictions are fused as they '
                 'are')
    from landmark.classification.evaluation.score_ensemble import \
        is_class_score_pickle
    if is_class_score_pickle(args.predictions[0]):
        # classifiers (tools/test.py --out x.pkl on a classification
        # config): probabilities averaged, see run_ensemble
        from landmark.classification.apis.tool_runs import run_ensemble
        return run_ensemble(args)
    if args.configs or args.max_gflops is not None \
            or args.max_params_m is not None:
        sys.exit('--configs/--max-gflops/--max-params-m: the FLOPs cap is '
                 'checked for classifiers\' predictions only')
    if not (args.out or args.csv or args.ann_file):
        sys.exit('nothing to do: give --out, --csv and/or --ann-file')
    fuser, weights = build_fuser(args)
    if weights is not None and len(weights) != len(args.predictions):
        sys.exit(f'{len(weights)} weights for {len(args.predictions)} '
                 'prediction files; expected one weight per file')
    try:
        members = [load_prediction_pickle(p) for p in args.predictions]
    except (OSError, ValueError) as err:
        sys.exit(f'error: {err}')
    names = [osp.relpath(p) for p in args.predictions]
    print(f'fusing {len(members)} prediction files with {fuser}, weights '
          f'{weights or [1.0] * len(members)}')
    fused, problems = fuse_prediction_sets(members, fuser, weights, names)
    for line in problems:
        print(f'warning: {line}')

    if args.out:
        dump_prediction_pickle(fused, args.out)
        print(f'wrote {len(fused)} fused predictions to {args.out}')
    if args.csv:
        classes = (
            read_coco_class_names(args.ann_file)
            if args.ann_file else args.classes)
        fmt = submission_format_from_args(args)
        if not classes and fmt.label_as == 'name':
            sys.exit('the CSV needs class names: give --ann-file or '
                     '--classes (or --label-as id)')
        rows = write_submission_csv(fused, args.csv, fmt, classes or ())
        print(f'wrote {rows} rows to {args.csv}')
    if args.ann_file:
        table = [(name, evaluate_predictions(records, args.ann_file))
                 for name, records in zip(names, members)]
        table.append(('ENSEMBLE', evaluate_predictions(fused, args.ann_file)))
        print_comparison(table)


def print_comparison(table):
    keys = [
        k for k in ('coco/bbox_mAP', 'coco/bbox_mAP_50',
                    'single_object/loc_acc', 'single_object/cls_acc')
        if k in table[-1][1]
    ]
    width = max(len(name) for name, _ in table)
    print(f'{"predictions":<{width}}  ' + '  '.join(f'{k:>22}' for k in keys))
    for name, metrics in table:
        print(f'{name:<{width}}  ' + '  '.join(f'{metrics[k]:>22.4f}'
                                               for k in keys))
    key = keys[0]
    best_name, best = max(table[:-1], key=lambda row: row[1][key])
    if table[-1][1][key] < best[key]:
        print(f'NOTE: the ensemble scores LOWER than its best member '
              f'{best_name} on {key} ({table[-1][1][key]:.4f} < '
              f'{best[key]:.4f}): submit that member, or tune the fusion '
              'with tools/tune_fusion.py')


if __name__ == '__main__':
    sys.exit(main())
