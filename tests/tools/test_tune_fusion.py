"""tools/tune_fusion.py on two hand-written prediction files: the table of
what it tried, the best setting written as a snippet tools/ensemble.py
reads."""
import importlib.util
import os.path as osp
import runpy
import sys

import pytest
from mmengine.config import Config

from landmark.testing import REPO_ROOT, run_tool

_spec = importlib.util.spec_from_file_location(
    'handmade_predictions',
    osp.join(REPO_ROOT, 'tests', 'detection', 'evaluation', 'ensemble',
             'handmade_predictions.py'))
handmade = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(handmade)


def test_prints_the_table_and_writes_the_best_setting(tmp_path):
    files = handmade.write_handmade_files(str(tmp_path))
    best = str(tmp_path / 'best_fusion.py')
    result = run_tool('tools/tune_fusion.py', files['a'], files['b'],
                      '--ann-file', files['ann_file'], '--methods', 'wbf',
                      'nmw', '--iou-thrs', '0.55', '--skip-box-thrs', '0',
                      '--metric', 'single_object/loc_acc', '--out', best)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    tried = [line for line in lines if line.startswith(('wbf ', 'nmw '))]
    # 2 methods x 3 weight sets (1:1, 2:1, 1:2); members A 0.5 and B 1.0.
    assert len(tried) == 6
    assert any(
        line.startswith('member a.pkl') and line.endswith('0.5000')
        for line in lines)
    assert tried[0].endswith('1.0000') and 'w=[1,2]' in tried[0]
    # the best fusion (1.0) ties member B: said, not sold as a gain
    [note] = [line for line in lines if line.startswith('NOTE')]
    assert 'b.pkl (1.0000)' in note and 'only ties it' in note
    cfg = Config.fromfile(best)
    assert cfg.weights == [1.0, 2.0]
    assert cfg.fusion.method == 'wbf' and cfg.fusion.iou_thr == 0.55

    # tools/ensemble.py reads the snippet (run here: imports are paid for).
    sys_argv = [
        'tools/ensemble.py', files['a'], files['b'], '--fusion-cfg', best,
        '--ann-file', files['ann_file']
    ]
    stdout = run_in_process(sys_argv)
    ensemble_line = next(line for line in stdout.splitlines()
                         if line.startswith('ENSEMBLE'))
    assert '1.0000' in ensemble_line


def run_in_process(argv):
    import contextlib
    import io
    buffer = io.StringIO()
    old_argv, sys.argv = sys.argv, argv
    try:
        with contextlib.redirect_stdout(buffer):
            runpy.run_path(osp.join(REPO_ROOT, argv[0]), run_name='__main__')
    except SystemExit as exit_:
        if exit_.code not in (None, 0):  # a tool's sys.exit(main()) on success
            raise
    finally:
        sys.argv = old_argv
    return buffer.getvalue()


def test_wrong_number_of_weights_is_refused(tmp_path):
    files = handmade.write_handmade_files(str(tmp_path))
    with pytest.raises(SystemExit, match='has 3 values; expected 2'):
        run_in_process([
            'tools/tune_fusion.py', files['a'], files['b'], '--ann-file',
            files['ann_file'], '--weights', '1,1,1', '--out',
            str(tmp_path / 'best.py')
        ])
