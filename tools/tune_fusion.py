"""Search the fusion method, IoU threshold, score floor and weights of an
ensemble on the validation set; print the table of what was tried and
write the best as a config snippet for ``tools/ensemble.py --fusion-cfg``.

Example::

    python tools/tune_fusion.py work_dirs/a/val.pkl work_dirs/b/val.pkl \
        --ann-file data/landmarks/annotations/val.json \
        --out work_dirs/ensemble/best_fusion.py
"""
import argparse
import os.path as osp
import sys

from landmark.core import load_prediction_pickle
from landmark.detection.evaluation.ensemble import (evaluate_predictions,
                                                    format_search_table,
                                                    search_fusion,
                                                    write_fusion_snippet)
from landmark.detection.models.tta import FUSION_METHODS


def parse_args():
    parser = argparse.ArgumentParser(
        description='Tune box fusion of several prediction files on the '
        'validation set')
    parser.add_argument(
        'predictions',
        nargs='+',
        help='.pkl files of tools/test.py --out on the '
        'validation set')
    parser.add_argument(
        '--ann-file',
        required=True,
        help='COCO annotations of the validation images')
    parser.add_argument(
        '--methods',
        nargs='+',
        choices=FUSION_METHODS,
        default=list(FUSION_METHODS))
    parser.add_argument(
        '--iou-thrs', type=float, nargs='+', default=[0.4, 0.55, 0.7])
    parser.add_argument(
        '--skip-box-thrs', type=float, nargs='+', default=[0.0, 0.05])
    parser.add_argument(
        '--weights',
        nargs='+',
        metavar='W1,W2,...',
        help='weight sets to try, e.g. 1,1 2,1 1,2 '
        '(default: equal, then each file doubled)')
    parser.add_argument('--conf-type', default='avg')
    parser.add_argument(
        '--all-objects',
        action='store_true',
        help='keep every fused box (default: top box only)')
    parser.add_argument(
        '--metric',
        default='coco/bbox_mAP',
        help='metric to maximise, e.g. '
        'single_object/loc_acc')
    parser.add_argument(
        '--out',
        default='best_fusion.py',
        help='where to write the best setting')
    return parser.parse_args()


def main():
    args = parse_args()
    try:
        members = [load_prediction_pickle(p) for p in args.predictions]
    except (OSError, ValueError) as err:
        sys.exit(f'error: {err}')
    weight_options = None
    if args.weights:
        weight_options = [[float(w) for w in item.split(',')]
                          for item in args.weights]
        bad = [w for w in weight_options if len(w) != len(members)]
        if bad:
            sys.exit(f'--weights {bad[0]} has {len(bad[0])} values; expected '
                     f'{len(members)}, one per prediction file')
    names = [osp.basename(p) for p in args.predictions]
    member_scores = {}
    for name, records in zip(names, members):
        metrics = evaluate_predictions(records, args.ann_file)
        if args.metric not in metrics:
            sys.exit(f'metric {args.metric!r} not computed; expected one of '
                     f'{", ".join(sorted(metrics))}')
        member_scores[name] = metrics[args.metric]
    rows = search_fusion(
        members,
        args.ann_file,
        methods=args.methods,
        iou_thrs=args.iou_thrs,
        skip_box_thrs=args.skip_box_thrs,
        weight_options=weight_options,
        conf_type=args.conf_type,
        single_object=not args.all_objects,
        metric_key=args.metric,
        progress=True)
    print(format_search_table(rows, args.metric, member_scores))
    best = rows[0]
    best_member = max(member_scores, key=member_scores.get)
    print(f'best fusion: {best["method"]} iou_thr={best["iou_thr"]} '
          f'skip_box_thr={best["skip_box_thr"]} weights={best["weights"]}: '
          f'{args.metric} = {best["score"]:.4f}')
    top = member_scores[best_member]
    if best['score'] < top - 1e-9:
        print(f'NOTE: no fusion beats the best single member {best_member} '
              f'({top:.4f}); ensembling LOWERS the score here: submit that '
              'member alone')
    elif best['score'] <= top + 1e-9:
        print(f'NOTE: no fusion beats the best single member {best_member} '
              f'({top:.4f}); the best fusion only ties it: submit that '
              'member alone (one model to run, the same score)')
    write_fusion_snippet(best, args.out, args.predictions, args.metric,
                         args.conf_type, not args.all_objects)
    print(f'wrote {args.out} (use: tools/ensemble.py ... --fusion-cfg '
          f'{args.out})')


if __name__ == '__main__':
    main()
