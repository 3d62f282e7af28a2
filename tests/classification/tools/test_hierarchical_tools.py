"""The hierarchical (coarse/mid/fine) config end to end through
tools/train.py and tools/test.py on a small seeded synthetic product set
(``write_synthetic_products``: the real products CSV is not here)."""
import os.path as osp
import re

import pytest

from landmark.classification.datasets.synthetic_products import \
    write_synthetic_products
from landmark.testing import run_tool

CONFIG = ('configs/classification/hierarchical/'
          'ce-3level_resnet18_1xb32-30e_products.py')
CPU_ENV = dict(OMP_WAIT_POLICY='PASSIVE', OMP_NUM_THREADS='2')


@pytest.mark.slow
def test_three_level_config_trains_and_tests(tmp_path):
    data, work = str(tmp_path / 'products'), str(tmp_path / 'work')
    write_synthetic_products(data, num_images=120, seed=0)
    flags = [
        '--data-root', data, '--work-dir', work, '--cfg-options',
        'image_size=32', 'train_cfg.max_epochs=1',
        'train_dataloader.num_workers=0', 'val_dataloader.num_workers=0',
        'test_dataloader.num_workers=0', 'default_hooks.logger.interval=1'
    ]
    train = run_tool(
        'tools/train.py', CONFIG, *flags, env=CPU_ENV, timeout=300)
    assert train.returncode == 0, train.stderr[-3000:]
    checkpoint = osp.join(work, 'epoch_1.pth')
    assert osp.isfile(checkpoint)
    test = run_tool(
        'tools/test.py', CONFIG, checkpoint, *flags, env=CPU_ENV, timeout=300)
    assert test.returncode == 0, test.stderr[-3000:]
    # one accuracy per level (names from the CSV header), rows with -1 at
    # a level left out of that level's figure
    log = test.stdout + test.stderr
    for level in ('coarse', 'mid', 'fine'):
        assert re.search(rf'{level}_accuracy: \d', log), log[-2000:]
