"""Train a detector from a config (MMDetection's tools/train.py flags).

Examples:
    python tools/train.py configs/faster-rcnn/faster-rcnn_r18-tiny-fpn_1xb4-320px-12e_landmark.py
    python tools/train.py CONFIG --resume            # latest in work dir
    python tools/train.py CONFIG --amp --cfg-options train_cfg.max_epochs=24
    bash tools/dist_train.sh CONFIG 8                # 8 GPUs via torchrun
    # a classification config (default_scope 'mmpretrain') takes the same
    python tools/train.py configs/classification/ce/ce_resnet18_1xb32-64px-10e_trash.py
"""  # noqa: E501
import argparse
import sys

from landmark.core.config_scope import run_task_tool
from landmark.core.tool_args import (add_pixel_budget_args, add_runner_args,
                                     export_local_rank)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description='Train a detector')
    parser.add_argument('config', help='train config file path')
    parser.add_argument(
        '--amp', action='store_true', help='automatic mixed precision')
    parser.add_argument(
        '--auto-scale-lr',
        action='store_true',
        help='scale the lr by the total batch size over '
        'auto_scale_lr.base_batch_size')
    parser.add_argument(
        '--resume',
        nargs='?',
        type=str,
        const='auto',
        help='resume from this checkpoint, or (no value) from the latest '
        'one in the work dir')
    parser.add_argument(
        '--from-scratch',
        action='store_true',
        help='do not load any pretrained weights (no download needed)')
    add_pixel_budget_args(parser)
    add_runner_args(
        parser,
        work_dir_help='where logs and checkpoints go',
        data_root_help='another data set with the same layout (images/, '
        'annotations/{train,val}.json); the model gets its classes',
        cfg_options_help='override config settings, key=value (e.g. '
        'train_cfg.max_epochs=24 model.backbone.init_cfg=None)',
        launcher_help='job launcher (tools/dist_train.sh uses pytorch)')
    args = parser.parse_args(argv)
    export_local_rank(args)
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    # landmark.{detection,classification,segmentation}.apis.tool_runs
    return run_task_tool('run_train', args)


if __name__ == '__main__':
    sys.exit(main())
