"""tools/infer.py and tools/ensemble.py on a segmentation config, in a
subprocess, on tiny synthetic masks and random-weight checkpoints."""
import os.path as osp
import re

from landmark.segmentation.datasets import generate_landmark_mask_dataset
from landmark.segmentation.evaluation import check_rle_csv, read_rle_csv
from landmark.testing import REPO_ROOT, run_tool


def test_infer_writes_rle_csv_and_overlays_and_names_a_bad_file(
        tmp_path, tiny_masks_config, save_random_segmentor):
    root = str(tmp_path / 'masks')
    generate_landmark_mask_dataset(root, 0, 2, sizes=((96, 64), ))
    (tmp_path / 'masks' / 'images' / 'broken.png').write_bytes(b'no png')
    checkpoint = save_random_segmentor(str(tmp_path / 'a.pth'), 0)
    out_dir, show_dir = tmp_path / 'out', tmp_path / 'drawn'
    result = run_tool(
        osp.join(REPO_ROOT, 'tools/infer.py'), tiny_masks_config, checkpoint,
        osp.join(root, 'images'), '--out-dir', str(out_dir), '--show-dir',
        str(show_dir), '--device', 'cpu')
    assert result.returncode == 1, result.stderr[-2000:]  # one skipped
    assert 'Segmented 2 of 3 image(s)' in result.stdout
    assert 'broken.png' in result.stderr
    assert 'Traceback' not in result.stderr
    csv_path = str(out_dir / 'masks.csv')
    assert check_rle_csv(csv_path) == []
    assert {key[0] for key in read_rle_csv(csv_path)} == {'00000', '00001'}
    assert sorted(p.name
                  for p in show_dir.iterdir()) == ['00000.png', '00001.png']


def test_infer_refuses_a_checkpoint_of_another_class_count(
        tmp_path, tiny_masks_config):
    import torch
    from mmengine.config import Config
    from mmseg.registry import MODELS
    cfg = Config.fromfile(tiny_masks_config)
    cfg.model.decode_head.num_classes = 3
    checkpoint = str(tmp_path / 'three.pth')
    torch.save(dict(state_dict=MODELS.build(cfg.model).state_dict()),
               checkpoint)
    photos = tmp_path / 'photos'
    generate_landmark_mask_dataset(str(photos), 0, 1, sizes=((96, 64), ))
    result = run_tool(
        osp.join(REPO_ROOT, 'tools/infer.py'), tiny_masks_config, checkpoint,
        str(photos / 'images'), '--max-long-side', '640')
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f'error: {checkpoint}: the checkpoint predicts 3 classes but the '
        'data has 6 (background, tower, dome, arch, pyramid, bridge); '
        'expected a checkpoint trained on these classes'
    ]


def _table(stdout):
    return {
        m.group(1): (float(m.group(2)), float(m.group(3)))
        for m in re.finditer(r'^(\S+)\s+([\d.]+)\s+([\d.]+)$', stdout, re.M)
    }


def test_ensemble_of_checkpoints_prints_members_and_writes_csv(
        tmp_path, tiny_masks_config, save_random_segmentor):
    # the config reads data/landmark_masks from the working directory
    generate_landmark_mask_dataset(
        str(tmp_path / 'data' / 'landmark_masks'), 0, 2, sizes=((96, 64), ))
    a = save_random_segmentor(str(tmp_path / 'a.pth'), 0)
    b = save_random_segmentor(str(tmp_path / 'b.pth'), 1)
    csv_path = str(tmp_path / 'ens.csv')
    result = run_tool(
        osp.join(REPO_ROOT, 'tools/ensemble.py'),
        tiny_masks_config,
        a,
        a,
        '--weights',
        '2',
        '1',
        '--csv',
        csv_path,
        cwd=str(tmp_path))
    assert result.returncode == 0, result.stderr[-3000:]
    table = _table(result.stdout)
    # two copies of one checkpoint: the ensemble scores as the member
    assert table['ENSEMBLE'] == table[a]
    assert 'LOWER' not in result.stdout
    assert len(read_rle_csv(csv_path)) == 2 * 5
    result = run_tool(
        osp.join(REPO_ROOT, 'tools/ensemble.py'),
        tiny_masks_config,
        a,
        b,
        '--weights',
        '1',
        cwd=str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        'error: 1 weights for 2 checkpoints; expected one weight each'
    ]


def test_ensemble_takes_the_test_tools_data_root_budget_and_options(
        tmp_path, tiny_masks_config, save_random_segmentor):
    # the data elsewhere than the config's data/landmark_masks (which the
    # working directory lacks): found only through --data-root
    root = str(tmp_path / 'my_masks')
    generate_landmark_mask_dataset(root, 0, 2, sizes=((96, 64), ))
    a = save_random_segmentor(str(tmp_path / 'a.pth'), 0)
    csv_path = str(tmp_path / 'ens.csv')
    result = run_tool(
        osp.join(REPO_ROOT, 'tools/ensemble.py'),
        tiny_masks_config,
        a,
        a,
        '--data-root',
        root,
        '--max-pixels',
        '1536',
        '--cfg-options',
        'test_dataloader.batch_size=2',
        '--csv',
        csv_path,
        cwd=str(tmp_path))
    assert result.returncode == 0, result.stderr[-3000:]
    assert {a, 'ENSEMBLE'} <= set(_table(result.stdout))
    # masks at the photos' own size (96x64), whatever the budget
    masks = read_rle_csv(csv_path)
    assert {key[0] for key in masks} == {'00000', '00001'}
    assert {mask.shape for mask in masks.values()} == {(64, 96)}
    # saved predictions are fused as they are: the flags are refused
    refused = run_tool(
        osp.join(REPO_ROOT, 'tools/ensemble.py'), 'a.pkl', 'b.pkl',
        '--data-root', root)
    assert refused.returncode == 1
    assert refused.stderr.strip().splitlines() == [
        '--data-root: for a segmentation ensemble (CONFIG A.pth B.pth) '
        'only; saved predictions are fused as they are'
    ]
