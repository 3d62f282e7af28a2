"""Print a config's model FLOPs and parameters, and check its budget.

Counted by MMEngine's ``get_model_complexity_info`` on one image of
``--shape`` (default: the config's ``model_budget.input_shape``, else
3x224x224); a multiply-add counts as one FLOP. Exits with 2 and one line
naming the figure and the cap when the model is above the config's
``model_budget``.

Examples:
    python tools/analysis_tools/model_complexity.py \
        configs/classification/ce/ce_resnet18_1xb32-64px-10e_trash.py
    python tools/analysis_tools/model_complexity.py CONFIG --shape 3 128 128
"""
import argparse
import sys

from mmengine.config import Config
from mmengine.registry import MODELS, DefaultScope

from landmark.classification.apis import (DEFAULT_INPUT_SHAPE,
                                          ModelBudgetError, check_budget,
                                          model_complexity)
from landmark.core.model_config import model_config_as_runner_builds
from landmark.core.pretrained_weights import drop_pretrained_weights
from landmark.core.tool_args import add_cfg_options_arg


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('config', help='config file')
    parser.add_argument(
        '--shape',
        type=int,
        nargs=3,
        metavar=('C', 'H', 'W'),
        help='input shape of one image')
    add_cfg_options_arg(parser)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        cfg = Config.fromfile(args.config)
    except FileNotFoundError as err:
        print(f'error: {err}', file=sys.stderr)
        return 2
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    budget = dict(cfg.get('model_budget') or {})
    shape = args.shape or budget.get('input_shape', DEFAULT_INPUT_SHAPE)
    drop_pretrained_weights(cfg.model)  # counting needs no weights
    with DefaultScope.overwrite_default_scope(cfg.get('default_scope')):
        model = MODELS.build(model_config_as_runner_builds(cfg))
    figures = model_complexity(model, shape)
    print(f'{args.config}\n  input {tuple(shape)}: '
          f"{figures['gflops']:.3f} GFLOPs, {figures['params_m']:.2f} M "
          'parameters')
    try:
        check_budget(figures, {
            k: v
            for k, v in budget.items() if k != 'input_shape'
        })
    except ModelBudgetError as err:
        print(f'error: {err}', file=sys.stderr)
        return 2
    if budget:
        print(f'  within model_budget {budget}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
