"""tools/ensemble.py on classifiers' prediction files with the members'
configs: the summed FLOPs and parameters are capped before anything is
written (the 64 px ResNet-18 CPU config builds without download)."""
import os.path as osp
import pickle

import pytest
import torch

from landmark.testing import run_tool_in_process

CONFIG = 'configs/classification/ce/ce_resnet18_1xb32-64px-10e_trash.py'
CLASSES = ('cardboard', 'glass', 'metal', 'paper', 'plastic', 'trash')


@pytest.fixture
def member_files(tmp_path):
    """Two members' ``tools/test.py --out x.pkl`` files, three images."""
    paths = []
    for m, scores in enumerate(([[.7, .1, .1, .05, .03, .02]] * 3,
                                [[.1, .7, .1, .05, .03, .02]] * 3)):
        items = [
            dict(
                img_path=f'img{i}.jpg',
                pred_score=torch.tensor(s),
                gt_label=torch.tensor([0])) for i, s in enumerate(scores)
        ]
        path = str(tmp_path / f'member{m}.pkl')
        with open(path, 'wb') as f:
            pickle.dump(items, f)
        paths.append(path)
    return paths


def _ensemble(member_files, tmp_path, *args):
    csv = str(tmp_path / 'ens.csv')
    result = run_tool_in_process('ensemble', *member_files, '--classes',
                                 *CLASSES, '--csv', csv, *args)
    return result, csv


def test_two_resnet18s_exceed_the_members_param_cap(member_files, tmp_path):
    # ResNet-18 with a 6-class head: 11.18 M parameters each (the cap of
    # the config's model_budget is 12 M); two of them make 22.36 M
    result, csv = _ensemble(member_files, tmp_path, '--configs', CONFIG,
                            CONFIG)
    assert result.returncode == 2, result.stderr[-2000:]
    assert result.stderr.strip().splitlines() == [
        'error: the ensemble of 2 models needs 22.36 M parameters, above '
        'the cap model_budget.max_params_m=12.0; use a smaller model or '
        'input, or raise the cap'
    ]
    assert not osp.exists(csv)


def test_flag_caps_replace_the_configs_and_name_the_flag(
        member_files, tmp_path):
    # 0.1485 GFLOPs per ResNet-18 at 64 px: the two make 0.2969 > 0.25
    result, csv = _ensemble(member_files, tmp_path, '--configs', CONFIG,
                            CONFIG, '--max-params-m', '30', '--max-gflops',
                            '0.25')
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        'error: the ensemble of 2 models needs 0.2969 GFLOPs, above the cap '
        '--max-gflops=0.25; use a smaller model or input, or raise the cap'
    ]
    assert not osp.exists(csv)


def test_within_the_cap_the_ensemble_is_written(member_files, tmp_path):
    result, csv = _ensemble(member_files, tmp_path, '--configs', CONFIG,
                            CONFIG, '--max-params-m', '30')
    assert result.returncode == 0, result.stderr[-2000:]
    assert ('ensemble of 2 models: 0.297 GFLOPs, 22.36 M parameters, '
            'within the cap') in result.stdout
    assert osp.isfile(csv)


@pytest.mark.parametrize('args, message', [
    (('--max-gflops', '1'), 'error: --max-gflops/--max-params-m need '
     '--configs, one member config per prediction file'),
    (('--configs', CONFIG), 'error: 1 --configs for 2 prediction files; '
     'expected one config per file'),
    (('--configs', CONFIG, 'missing.py'),
     "error: member config 'missing.py' does not exist"),
])
def test_bad_budget_arguments_are_one_line(member_files, tmp_path, args,
                                           message):
    result, csv = _ensemble(member_files, tmp_path, *args)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [message]
    assert not osp.exists(csv)
