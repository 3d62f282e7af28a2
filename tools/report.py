"""Write a static HTML report of a test run: open index.html in a browser.

From the config of the test run (its task, test set and class names) and
one or more prediction files of that set, as the tools write them:

* detection: ``tools/test.py --out x.pkl`` or ``tools/infer.py``'s
  ``predictions.json``: COCO mAP, the single-object top-1 metrics;
* classification: ``tools/test.py --out x.pkl`` or an ``image,label,score``
  CSV: accuracy, macro-F1, per-class recall and the confusion matrix;
* segmentation: the run-length CSV (``tools/test.py --out``,
  ``tools/infer.py``) or a folder of index masks: mIoU and mDice per class;
* retrieval: the ``id,images`` CSV of ``tools/retrieve.py --out`` with its
  ``--data`` (or ``--queries`` and ``--gallery``): mAP@100, recall@k.

Several files (plain, TTA, ensemble members) are shown side by side; the
gallery shows the worst images of the first, drawn, sortable and filterable
by class and by error, paged. Unreadable photos are named and skipped.

Examples:
    python tools/report.py CONFIG preds.pkl --out-dir work_dirs/report
    python tools/report.py CONFIG plain.pkl tta.pkl --names plain tta
    python tools/report.py SEG_CONFIG masks.csv --out-dir seg_report
    python tools/report.py RETRIEVAL_CONFIG submission.csv \\
        --data data/retrieval_synthetic/landmarks.csv
"""
import argparse
import sys

from landmark.core.tool_args import add_cfg_options_arg


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog='\n'.join(__doc__.splitlines()[1:]))
    parser.add_argument('config', help='the config of the test run')
    parser.add_argument(
        'predictions', nargs='+', help='prediction files of its test set')
    parser.add_argument(
        '--out-dir',
        default='work_dirs/report',
        help='the report folder (index.html, thumbnails/); an earlier '
        'report there is replaced')
    parser.add_argument(
        '--names', nargs='+', help='a column name per prediction file')
    parser.add_argument(
        '--num-gallery',
        type=int,
        default=1000,
        help='the worst images drawn in the gallery (0: all)')
    parser.add_argument(
        '--page-size', type=int, default=60, help='gallery cards per page')
    parser.add_argument(
        '--thumb-size',
        type=int,
        nargs=2,
        metavar=('WIDTH', 'HEIGHT'),
        help='thumbnail size in pixels (default 256 192; retrieval: the '
        'row of a query and its 5 results, 540 88)')
    parser.add_argument(
        '--iou-thr',
        type=float,
        default=0.5,
        help='IoU of a right top-1 box (detection) or image (segmentation)')
    parser.add_argument(
        '--workers',
        type=int,
        default=0,
        help='drawing threads (0: one per CPU core)')
    parser.add_argument(
        '--data-root', help='the test set elsewhere, same layout')
    add_cfg_options_arg(parser)
    retrieval = parser.add_argument_group(
        'retrieval', 'the sets the CSV was made from, as tools/retrieve.py')
    retrieval.add_argument(
        '--data',
        help='labelled images split as '
        'tools/retrieve.py --data splits them')
    retrieval.add_argument('--queries-per-landmark', type=int, default=1)
    retrieval.add_argument('--seed', type=int, default=0)
    retrieval.add_argument('--queries', help='query folder or CSV')
    retrieval.add_argument('--gallery', help='gallery folder or CSV')
    retrieval.add_argument('--label-depth', type=int)
    retrieval.add_argument(
        '--image-ids', choices=('path', 'stem'), default='path')
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    from landmark.core.runner import report_user_error
    from landmark.report import build_report, write_report_folder
    retrieval = dict(
        data=args.data,
        queries=args.queries,
        gallery=args.gallery,
        queries_per_landmark=args.queries_per_landmark,
        seed=args.seed,
        label_depth=args.label_depth,
        image_ids=args.image_ids)
    try:
        report = build_report(
            args.config,
            args.predictions,
            names=args.names,
            data_root=args.data_root,
            cfg_options=args.cfg_options,
            iou_thr=args.iou_thr,
            retrieval=retrieval)
        written = write_report_folder(
            report,
            args.out_dir,
            num_gallery=args.num_gallery,
            page_size=args.page_size,
            thumb_size=tuple(args.thumb_size) if args.thumb_size else None,
            workers=args.workers)
    except (OSError, KeyError, ValueError) as err:
        return report_user_error(err)
    print(f'{report.task} report of {report.num_images} images, '
          f'{written["thumbnails"]} thumbnails drawn and written in '
          f'{written["seconds"]:.1f} s: {args.out_dir}/index.html')
    if report.problems:
        print(
            f'{len(report.problems)} photo(s) or prediction(s) could not '
            'be used; the report names them',
            file=sys.stderr)
    return 0


if __name__ == '__main__':
    sys.exit(main())
