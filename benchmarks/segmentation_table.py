"""Print the results of ``benchmarks/segmentation_variants.py`` runs side
by side, as a Markdown table (one column per run; cells are val mIoU /
mDice in %).

    python benchmarks/segmentation_table.py WORK_DIR [WORK_DIR ...]
"""
import argparse
import json
import os.path as osp


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('work_dirs', nargs='+')
    return parser.parse_args()


def main():
    args = parse_args()
    runs = []
    for work_dir in args.work_dirs:
        with open(osp.join(work_dir, 'results.json')) as f:
            runs.append(json.load(f))
    variants = [k for k, v in runs[0].items() if isinstance(v, dict)]
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


if __name__ == '__main__':
    main()
