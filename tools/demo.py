"""The main job end to end on the default (synthetic) data.

Steps: generate the synthetic landmark photos (once), check them, draw a few
annotated samples, train a tiny CNN detector on the CPU, evaluate it (top-1
localization accuracy and COCO mAP, beside the trivial answer: the mean
training box with the majority class), write a predictions CSV, draw the
predicted boxes on a few validation photos and write the HTML report of the
validation photos (its path printed last).

Example:
    python tools/demo.py --data-root data/landmarks --out-dir outputs/demo
"""
# isort: skip_file (OMP_WAIT_POLICY must be set before torch is imported)
import os

# Under load, OpenMP threads that spin while waiting make CPU training many
# times slower; passive waiting must be chosen before torch starts.
os.environ.setdefault('OMP_WAIT_POLICY', 'PASSIVE')

import argparse  # noqa: E402
import sys  # noqa: E402

from landmark.detection.apis import demo  # noqa: E402


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--data-root', default='data/landmarks')
    parser.add_argument('--out-dir', default='outputs/demo')
    parser.add_argument('--num-train', type=int, default=200)
    parser.add_argument('--num-val', type=int, default=50)
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--num-samples', type=int, default=4)
    parser.add_argument('--config', default=demo.DEMO_CONFIG)
    parser.add_argument(
        '--epochs', type=int, default=6, help='training epochs (default 6)')
    parser.add_argument(
        '--skip-training',
        action='store_true',
        help='only make, check and draw the data')
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    demo.make_demo_data(args.data_root, args.num_train, args.num_val,
                        args.seed)
    if not demo.check_demo_data(args.data_root):
        print('The data has problems (above); fix them or regenerate.')
        return 1
    demo.draw_annotated_samples(args.data_root, args.out_dir, args.num_samples)
    if args.skip_training:
        return 0
    checkpoint = demo.train_demo_detector(args.config, args.data_root,
                                          args.out_dir, args.epochs, args.seed)
    metrics = demo.evaluate_demo_detector(args.config, checkpoint,
                                          args.data_root, args.out_dir)
    demo.compare_with_trivial(args.data_root, metrics)
    demo.draw_validation_predictions(args.data_root, args.out_dir,
                                     args.num_samples)
    demo.write_demo_report(args.config, args.data_root, args.out_dir)
    return 0


if __name__ == '__main__':
    sys.exit(main())
