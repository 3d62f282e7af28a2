"""Save what the training pipeline feeds the model (after its transforms),
boxes drawn, to catch augmentation bugs before a long training run.

Examples:
    python tools/browse_dataset.py CONFIG --out-dir outputs/browse --num 8
    python tools/browse_dataset.py CONFIG --split val --shuffle --seed 1
"""
import argparse
import os.path as osp
import sys

import cv2
import numpy as np
from mmengine.registry import init_default_scope

from landmark.core.atomic_io import write_bytes_atomic
from landmark.core.config_paths import innermost_dataset
from landmark.core.progress import ProgressBar
from landmark.core.tool_args import add_cfg_options_arg
from landmark.detection.apis import load_config
from landmark.detection.visualization import draw_packed_sample


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog='\n'.join(__doc__.splitlines()[1:]))
    parser.add_argument('config', help='config file')
    parser.add_argument('--out-dir', default='outputs/browse')
    parser.add_argument(
        '--split', choices=('train', 'val', 'test'), default='train')
    parser.add_argument('--num', type=int, default=8, help='samples drawn')
    parser.add_argument(
        '--shuffle', action='store_true', help='random samples, not the first')
    parser.add_argument('--seed', type=int, default=0)
    add_cfg_options_arg(parser)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    from mmdet.registry import DATASETS
    try:
        cfg = load_config(args.config, args.cfg_options)
        init_default_scope(cfg.get('default_scope', 'mmdet'))
        loader = cfg.get(f'{args.split}_dataloader')
        if not loader:
            raise KeyError(f'{args.config} has no {args.split}_dataloader')
        # the whole wrapped data set (RepeatDataset...), as training sees it
        dataset = DATASETS.build(loader.dataset)
    except (OSError, KeyError, ValueError) as err:
        print(f'error: {err.args[0] if err.args else err}', file=sys.stderr)
        return 2
    class_names = dataset.metainfo.get('classes') or ()
    rng = np.random.default_rng(args.seed)
    count = min(args.num, len(dataset))
    indices = rng.choice(len(dataset), count, replace=False) \
        if args.shuffle else range(count)
    print(f'{args.split} pipeline of {args.config}: '
          f'{[t["type"] for t in innermost_dataset(loader).pipeline]}')
    bar = ProgressBar(count, file=sys.stderr)
    num_skipped = 0
    for index in indices:
        # prepare_data gives None for a photo the pipeline skips (named in
        # the log), where dataset[index] would draw another photo instead
        packed = dataset.prepare_data(int(index)) if hasattr(
            dataset, 'prepare_data') else dataset[int(index)]
        if packed is None:
            num_skipped += 1
            bar.update()
            continue
        drawn = draw_packed_sample(packed, class_names)
        name = osp.splitext(
            osp.basename(packed['data_samples'].img_path or f'{index}'))[0]
        out = osp.join(args.out_dir, f'{int(index):05d}_{name}.jpg')
        ok, data = cv2.imencode('.jpg', drawn)
        if not ok:
            raise RuntimeError(f'cannot encode sample {index} as JPEG')
        write_bytes_atomic(data.tobytes(), out)
        bar.update()
    sys.stderr.write('\n')
    print(f'Saved {count - num_skipped} sample(s) as the model sees them in '
          f'{args.out_dir}')
    if num_skipped:
        print(
            f'{num_skipped} sample(s) skipped: their photos do not load '
            '(each named above)',
            file=sys.stderr)
    return 1 if num_skipped else 0


if __name__ == '__main__':
    sys.exit(main())
