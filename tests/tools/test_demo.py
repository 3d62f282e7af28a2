"""tools/demo.py end to end, on the tiny data and one epoch."""
import csv
import glob
import os.path as osp

import pytest

from landmark.testing import run_tool


@pytest.mark.slow
def test_demo_trains_evaluates_and_exports(tiny_landmarks, tmp_path):
    out_dir = str(tmp_path / 'demo')
    result = run_tool(
        'tools/demo.py',
        '--data-root',
        tiny_landmarks,
        '--out-dir',
        out_dir,
        '--epochs',
        '1',
        '--num-samples',
        '2',
        env=dict(OMP_NUM_THREADS='1'))
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]
    # the two numbers side by side
    row = next(line for line in result.stdout.splitlines()
               if 'top-1 localization accuracy' in line)
    detector, trivial = (float(v) for v in row.split()[-2:])
    assert 0 <= detector <= 1 and 0 <= trivial <= 1
    assert 'COCO bbox mAP' in result.stdout
    with open(osp.join(out_dir, 'predictions.csv'), newline='') as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 5  # one row per validation image
    assert len(glob.glob(osp.join(out_dir, 'predicted', '*.png'))) == 2
    assert len(glob.glob(osp.join(out_dir, 'samples', '*.png'))) == 2
