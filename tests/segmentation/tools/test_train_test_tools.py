"""tools/train.py and tools/test.py --tta on membrane, a few iterations."""
import os
import os.path as osp
import subprocess
import sys

import pytest

from landmark.segmentation.evaluation import check_rle_csv, read_rle_csv

REPO = osp.dirname(
    osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__)))))
CONFIG = 'configs/segmentation/unet/unet-tiny_s4-d8_1xb4-flip-8e_membrane.py'


def _run(*args):
    result = subprocess.run([sys.executable, *args],
                            cwd=REPO,
                            capture_output=True,
                            text=True,
                            timeout=300,
                            env=dict(os.environ, OMP_WAIT_POLICY='PASSIVE'))
    assert result.returncode == 0, result.stderr[-3000:]
    return result


@pytest.mark.slow
@pytest.mark.data
def test_train_then_test_with_tta_and_rle_csv(shared_datasets, tmp_path):
    membrane = osp.join(shared_datasets, 'membrane')
    if not osp.isdir(membrane):
        pytest.skip(f'membrane data set not found at {membrane}')
    work = str(tmp_path / 'work')
    _run('tools/train.py', CONFIG, '--work-dir', work, '--data-root', membrane,
         '--cfg-options', 'train_cfg.max_epochs=1',
         'train_dataloader.dataset.times=1',
         'train_dataloader.dataset.dataset.indices=[0,1,2,3]',
         'val_dataloader.dataset.indices=[24]')
    checkpoint = osp.join(work, 'epoch_weights', 'epoch_1.pth')
    assert osp.isfile(checkpoint)
    out = str(tmp_path / 'masks.csv')
    result = _run('tools/test.py', CONFIG, checkpoint, '--tta', '--out', out,
                  '--work-dir', work, '--data-root', membrane, '--cfg-options',
                  'test_dataloader.dataset.indices=[24,25]')
    assert 'mIoU' in result.stdout + result.stderr
    masks = read_rle_csv(out)
    assert len(masks) == 2  # two images, class 'cell' each
    assert all(m.shape == (512, 512) for m in masks.values())
    assert check_rle_csv(out) == []


def test_bad_flag_is_one_line(tmp_path):
    result = subprocess.run([
        sys.executable, 'tools/test.py', CONFIG, 'none.pth', '--out',
        str(tmp_path / 'x.pkl')
    ],
                            cwd=REPO,
                            capture_output=True,
                            text=True,
                            timeout=120)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"error: --out '{tmp_path / 'x.pkl'}': a segmentation test writes "
        'a run-length .csv'
    ]


YOUR_DATA = ('configs/segmentation/unet/'
             'unet-tiny_s4-d8_1xb2-flip-8e_your-data.py')


def _your_data_checkpoint(path):
    """Random weights of the your-data config's model (2 classes)."""
    import torch
    from mmengine.config import Config
    from mmengine.registry import DefaultScope
    from mmseg.registry import MODELS
    cfg = Config.fromfile(osp.join(REPO, YOUR_DATA))
    with DefaultScope.overwrite_default_scope('mmseg'):
        model = MODELS.build(cfg.model)
    torch.save(dict(state_dict=model.state_dict(), meta={}), path)
    return path


def test_out_refuses_two_test_photos_with_one_name_before_testing(tmp_path):
    # images/test/a/0.jpg and images/test/b/0.jpg (nested folders, names
    # restarting in each) would both be image '0' in the CSV
    import numpy as np
    from PIL import Image

    from landmark.testing import run_tool_in_process
    for folder in ('a', 'b'):
        for kind, name, mode in (('images', '0.jpg', 'RGB'),
                                 ('index_masks', '0_mask.png', 'L')):
            path = tmp_path / kind / 'test' / folder / name
            path.parent.mkdir(parents=True)
            shape = (32, 32, 3) if mode == 'RGB' else (32, 32)
            Image.fromarray(np.zeros(shape, np.uint8), mode).save(path)
    checkpoint = _your_data_checkpoint(str(tmp_path / 'random.pth'))
    out = tmp_path / 'masks.csv'
    result = run_tool_in_process('test', osp.join(REPO, YOUR_DATA), checkpoint,
                                 '--data-root', str(tmp_path), '--work-dir',
                                 str(tmp_path / 'work'), '--out', str(out))
    images = tmp_path / 'images' / 'test'
    assert (result.returncode, result.stderr.strip().splitlines()) == (2, [
        f"error: image id '0' is given to both '{images}/a/0.jpg' and "
        f"'{images}/b/0.jpg'; the CSV names images by file name without "
        'extension; rename one of them'
    ])
    assert not out.exists()
    assert not (tmp_path / 'work').exists()  # refused before the runner


def _index_layout(root, values):
    """images/{train,val}/{0,1}.jpg with index_masks/.../N_mask.png of
    two values, the your-data config's layout."""
    import numpy as np
    from PIL import Image
    for split in ('train', 'val'):
        for i in range(2):
            image = root / 'images' / split / f'{i}.jpg'
            mask = root / 'index_masks' / split / f'{i}_mask.png'
            image.parent.mkdir(parents=True, exist_ok=True)
            mask.parent.mkdir(parents=True, exist_ok=True)
            Image.fromarray(np.zeros((32, 32, 3), np.uint8)).save(image)
            index = np.full((32, 32), values[0], np.uint8)
            index[8:24, 8:24] = values[1]
            Image.fromarray(index, 'L').save(mask)


def test_train_stops_on_mask_values_in_one_line(tmp_path):
    from landmark.testing import run_tool_in_process
    for name, values, expected in (
        ('seven', (0, 7), 'train/0_mask.png: mask values 7 are not among '
         'the 2 classes (0-1) nor ignore_index 255'),
            # binary 0/255 masks: every membrane pixel would be ignored
        ('binary', (0, 255), 'the 2 usable mask(s) hold only 0 and 255 '
         '(ignore_index), none of classes 1-1 (membrane)')):
        root = tmp_path / name
        _index_layout(root, values)
        result = run_tool_in_process('train', osp.join(REPO, YOUR_DATA),
                                     '--data-root', str(root), '--work-dir',
                                     str(tmp_path / f'work_{name}'))
        lines = result.stderr.strip().splitlines()
        assert (result.returncode, len(lines)) == (2, 1), result.stderr
        assert lines[0].startswith('error: MaskFolderDataset: ')
        assert expected in lines[0]
        assert not (tmp_path / f'work_{name}' / 'epoch_weights').exists()
