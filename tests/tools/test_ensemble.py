"""tools/ensemble.py on two hand-written prediction files (numbers in
tests/detection/evaluation/ensemble/handmade_predictions.py)."""
import csv
import importlib.util
import os.path as osp
import runpy
import sys

import numpy as np
import pytest

from landmark.core import load_prediction_pickle
from landmark.testing import REPO_ROOT, run_tool

_spec = importlib.util.spec_from_file_location(
    'handmade_predictions',
    osp.join(REPO_ROOT, 'tests', 'detection', 'evaluation', 'ensemble',
             'handmade_predictions.py'))
handmade = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(handmade)


@pytest.fixture
def files(tmp_path):
    return handmade.write_handmade_files(str(tmp_path))


def test_fuses_writes_pkl_and_csv_and_prints_members_beside_ensemble(
        files, tmp_path):
    out, sub = str(tmp_path / 'fused.pkl'), str(tmp_path / 'sub.csv')
    result = run_tool('tools/ensemble.py', files['a'], files['b'], '--weights',
                      '2', '1', '--ann-file', files['ann_file'], '--out', out,
                      '--csv', sub)
    assert result.returncode == 0, result.stderr
    # a.jpg: [11, 21, 51, 61] score 0.8; b.jpg: member A's tower (vote 1.6
    # against 0.7), the wrong class.
    fused = load_prediction_pickle(out)
    np.testing.assert_allclose(
        fused[0]['pred_instances']['bboxes'], [[11., 21., 51., 61.]],
        atol=1e-3)
    with open(sub, newline='') as f:
        rows = list(csv.reader(f))
    assert rows[0] == ['image_id', 'label', 'score', 'x1', 'y1', 'x2', 'y2']
    assert [r[:2] for r in rows[1:]] == [['a', 'tower'], ['b', 'tower']]
    assert float(rows[1][2]) == pytest.approx(0.8, abs=1e-4)
    # One line per member and the ensemble: top-1 accuracy 0.5, 1.0, 0.5.
    lines = result.stdout.splitlines()
    table = {
        line.split()[0]: line.split()[1:]
        for line in lines if line.endswith(('0', '5')) and '.pkl' in line
        or line.startswith('ENSEMBLE')
    }
    header = next(line for line in lines if line.startswith('predictions'))
    column = header.split().index('single_object/loc_acc') - 1
    accuracy = {osp.basename(k): float(v[column]) for k, v in table.items()}
    assert accuracy == {'a.pkl': 0.5, 'b.pkl': 1.0, 'ENSEMBLE': 0.5}
    assert 'the ensemble scores LOWER than its best member' in result.stdout


def run_in_process(capsys, monkeypatch, *args):
    """Run the tool's main() here (its imports are already paid for);
    returns (exit status, stdout, stderr) as the shell would see them:
    ``sys.exit('message')`` prints the message to stderr and exits with 1."""
    monkeypatch.setattr(sys, 'argv', ['tools/ensemble.py', *args])
    code = 0
    try:
        runpy.run_path(
            osp.join(REPO_ROOT, 'tools', 'ensemble.py'), run_name='__main__')
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    if isinstance(code, str):
        return 1, out, code + '\n' + err
    return code or 0, out, err


def test_weights_that_trust_the_better_member_help(files, tmp_path, capsys,
                                                   monkeypatch):
    out_file = str(tmp_path / 'fused.pkl')
    code, out, _ = run_in_process(capsys, monkeypatch, files['a'], files['b'],
                                  '--weights', '1', '2', '--ann-file',
                                  files['ann_file'], '--out', out_file)
    assert code == 0
    fused = load_prediction_pickle(out_file)
    # a.jpg: boxes weighted by score x weight, A 0.9 x 1 and B 0.6 x 2:
    # A's box + 4 px x 1.2 / 2.1 on each side; score (0.9 + 2 x 0.6) / 3
    shift = 4 * 1.2 / 2.1
    np.testing.assert_allclose(
        fused[0]['pred_instances']['bboxes'],
        [[10 + shift, 20 + shift, 50 + shift, 60 + shift]],
        atol=1e-3)
    assert float(fused[0]['pred_instances']['scores'][0]) == pytest.approx(
        0.7, abs=1e-4)
    # b.jpg: B's dome (0.7 x 2 = 1.4) outvotes A's tower (0.8 x 1)
    b = fused[1]['pred_instances']
    assert int(b['labels'][np.argmax(b['scores'])]) == 1
    # accuracy: a.pkl 0.5, b.pkl 1.0, the ensemble 1.0 (not lower)
    lines = out.splitlines()
    header = next(line for line in lines if line.startswith('predictions'))
    column = header.split().index('single_object/loc_acc') - 1
    accuracy = {
        osp.basename(line.split()[0]): float(line.split()[1:][column])
        for line in lines
        if line.startswith('ENSEMBLE') or line.split()[:1] and line.split(
        )[0].endswith('.pkl')
    }
    assert accuracy == {'a.pkl': 0.5, 'b.pkl': 1.0, 'ENSEMBLE': 1.0}
    assert 'LOWER' not in out


def test_bad_inputs_say_what_was_expected(files, tmp_path, capsys,
                                          monkeypatch):
    out_file = str(tmp_path / 'x.pkl')
    code, _, err = run_in_process(capsys, monkeypatch, files['a'], files['b'],
                                  '--weights', '1', '--out', out_file)
    assert code == 1
    assert '1 weights for 2 prediction files' in err
    code, _, err = run_in_process(capsys, monkeypatch, files['a'],
                                  files['ann_file'], '--out', out_file)
    assert code == 1
    assert 'val.json: cannot be read as a pickle' in err
    assert not osp.exists(out_file)
