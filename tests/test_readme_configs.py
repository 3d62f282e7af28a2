"""The detection config table (docs/detection.md, "Configs") names every
detection config, and what it says of each is what the config sets (the
models are built in tests/detection/models/test_detector_configs.py)."""
import glob
import os.path as osp
import re

import pytest
from mmengine.config import Config

from landmark.core.config_paths import innermost_dataset
from landmark.core.pretrained_weights import find_pretrained_weights
from landmark.detection.datasets.transforms import apply_pixel_budget
from landmark.testing import REPO_ROOT

COLUMNS = ['config', 'model', 'weights', 'images', 'queries', 'checkpointing']


TABLE_PAGE = 'docs/detection.md'


def table_config_rows():
    """The rows of the table under '## Configs' of docs/detection.md, as
    dicts by column."""
    with open(osp.join(REPO_ROOT, TABLE_PAGE), encoding='utf-8') as f:
        text = f.read()
    section = text.split('\n## Configs\n', 1)[1].split('\n#', 1)[0]
    lines = [line for line in section.splitlines() if line.startswith('|')]
    header = [c.strip() for c in lines[0].strip('|').split('|')]
    assert header == COLUMNS, header
    rows = []
    for line in lines[2:]:  # after the header and its --- line
        cells = [c.strip() for c in line.strip('|').split('|')]
        row = dict(zip(header, cells))
        row['config'] = re.fullmatch(r'`([^`]+)`', row['config']).group(1)
        rows.append(row)
    return rows


ROWS = table_config_rows()

# the detector families; classification and segmentation have their own
DETECTION = ('cascade-rcnn', 'dino', 'faster-rcnn', 'retinanet')


def test_the_table_lists_every_detection_config_once():
    listed = [row['config'] for row in ROWS]
    on_disk = sorted(
        osp.relpath(p, REPO_ROOT) for family in DETECTION
        for p in glob.glob(osp.join(REPO_ROOT, 'configs', family, '*.py')))
    assert sorted(listed) == on_disk


@pytest.mark.parametrize('row', ROWS, ids=lambda row: row['config'])
def test_each_row_says_what_its_config_sets(row):
    path = osp.join(REPO_ROOT, row['config'])
    assert osp.isfile(path), \
        f'{TABLE_PAGE} names {row["config"]}: no such file'
    cfg = Config.fromfile(path)
    apply_pixel_budget(cfg)
    model = cfg.model
    queries = str(model.num_queries) if 'num_queries' in model else '-'
    assert row['queries'] == queries
    # what is checkpointed: the backbone's with_cp, and the layers of
    # ActivationCheckpointingHook ('encoder.layers' -> encoder)
    parts = ['backbone'] if model.backbone.get('with_cp') else []
    parts += [
        module.split('.')[0] for hook in cfg.get('custom_hooks', [])
        if hook['type'] == 'ActivationCheckpointingHook'
        for module in hook['modules']
    ]
    assert row['checkpointing'] == (', '.join(parts) or 'no')
    sizes = {(t.get('max_pixels'), t.get('max_long_side'))
             for split in ('train', 'val', 'test')
             for t in innermost_dataset(cfg[f'{split}_dataloader']).pipeline
             if t['type'] == 'NativeResolution'}
    images = {'native': {(None, None)}, 'long side 320': {(None, 320)}}
    assert sizes == images[row['images']]
    checkpoints = [url for _, url in find_pretrained_weights(model)]
    if row['weights'] == 'none':
        assert checkpoints == []
    else:
        weights = {
            'torchvision': 'torchvision://resnet50',
            'ImageNet-1k': 'swin_tiny_patch4_window7_224.pth',
            'ImageNet-22k': 'swin_large_patch4_window12_384_22k.pth'
        }[row['weights']]
        assert len(checkpoints) == 1 and checkpoints[0].endswith(weights)
