"""Print the results of ``benchmarks/segmentation_variants.py`` runs side
by side, as a Markdown table (one column per run; cells are val mIoU /
mDice in %). With ``--reach MIOU``, a last row gives each run's training
seconds (validation excluded) until its val mIoU first reached MIOU.

    python benchmarks/segmentation_table.py WORK_DIR [WORK_DIR ...] \
        [--reach 40]
"""
import argparse
import json
import os.path as osp


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('work_dirs', nargs='+')
    parser.add_argument('--reach', type=float, help='an mIoU in %%')
    return parser.parse_args()


def main():
    args = parse_args()
    runs = []
    for work_dir in args.work_dirs:
        with open(osp.join(work_dir, 'results.json')) as f:
            runs.append(json.load(f))
    variants = [
        k for k, v in runs[0].items()
        if isinstance(v, dict) and 'mIoU' in v
    ]
    header = [
        f'{osp.basename(run["config"])[:-3]} (train {run["train_seconds"]:.0f}'
        ' s)' for run in runs
    ]
    print('| test variant | ' + ' | '.join(header) + ' |')
    print('|---' * (len(runs) + 1) + '|')
    for name in variants:
        cells = [
            f'{run[name]["mIoU"]:.2f} / {run[name]["mDice"]:.2f}'
            if name in run else '-' for run in runs
        ]
        print(f'| {name} | ' + ' | '.join(cells) + ' |')
    if args.reach is not None:
        cells = []
        for run in runs:
            reached = [
                p for p in run.get('curve', [])
                if p['mIoU'] is not None and p['mIoU'] >= args.reach
            ]
            cells.append(f'{reached[0]["train_seconds"]:.0f} s (epoch '
                         f'{reached[0]["epoch"]})' if reached else 'never')
        print(f'| training time to val mIoU {args.reach:g} | ' +
              ' | '.join(cells) + ' |')


if __name__ == '__main__':
    main()
