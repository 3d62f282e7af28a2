"""tools/plot_log.py on a JSON log of MMEngine."""
import json

import cv2
import pytest

from landmark.testing import run_tool


@pytest.mark.slow
def test_plot_log_writes_curves(tmp_path):
    log = tmp_path / 'scalars.json'
    log.write_text(
        json.dumps(dict(loss=1.0, loss_cls=0.6, iter=10, step=10)) + '\n' +
        json.dumps({
            'coco/bbox_mAP': 0.3,
            'step': 1
        }) + '\n')
    out = tmp_path / 'curves.png'
    result = run_tool('tools/plot_log.py', str(log), '--out', str(out))
    assert result.returncode == 0, result.stderr
    assert 'loss_cls' in result.stdout and 'coco/bbox_mAP' in result.stdout
    assert cv2.imread(str(out)) is not None
