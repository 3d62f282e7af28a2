"""The report's thumbnails are drawn even when the caller has already run
OpenCV's thread pool, as tools/demo.py has by its report step: drawn in
forked processes, ``make demo`` hung there for good (the forked worker
waited in ``cv2.setNumThreads`` on a condition variable of threads that
fork had not copied)."""
import subprocess
import sys

import pytest

SCRIPT = r'''
import os, sys
import cv2
import numpy as np
from landmark.report import ThumbnailSpec
from landmark.report.thumbnails import write_thumbnails

folder = sys.argv[1]
cv2.setNumThreads(4)
big = np.random.default_rng(0).integers(0, 255, (1200, 1600, 3), np.uint8)
for _ in range(20):  # OpenCV's pool threads are up and waiting now
    cv2.resize(big, (800, 600))
paths = []
for i in range(20):
    path = os.path.join(folder, f'photo{i}.jpg')
    cv2.imwrite(path, big[:240, :320])
    paths.append(path)
specs = [ThumbnailSpec('label', p, i % 2 == 0, dict(caption='dome 0.90',
                                                   truth='GT dome'))
         for i, p in enumerate(paths)]
outs = [os.path.join(folder, 'thumbs', f'{i}.jpg') for i in range(20)]
errors = write_thumbnails(specs, outs, workers=2)
assert errors == {}, errors
assert all(os.path.getsize(o) > 0 for o in outs)
print('drew', len(outs))
'''


def test_thumbnails_are_drawn_after_opencv_ran_its_threads(tmp_path):
    try:
        done = subprocess.run([sys.executable, '-c', SCRIPT,
                               str(tmp_path)],
                              capture_output=True,
                              text=True,
                              timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail('write_thumbnails hung after OpenCV had run its '
                    'thread pool')
    assert done.returncode == 0, done.stderr[-2000:]
    assert 'drew 20' in done.stdout
