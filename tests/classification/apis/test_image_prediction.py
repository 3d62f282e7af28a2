import argparse

import torch
from mmengine.config import Config
from mmpretrain.registry import MODELS

from landmark.classification.apis.tool_runs import run_infer
from landmark.classification.evaluation import read_class_csv

CPU_CONFIG = 'configs/classification/ce/ce_resnet18_1xb32-64px-10e_trash.py'
CLASSES = ('cardboard', 'glass', 'metal', 'paper', 'plastic', 'trash')


def test_infer_writes_one_row_per_readable_image(tmp_path, make_image, capsys):
    cfg = Config.fromfile(CPU_CONFIG)
    cfg.model.backbone.init_cfg = None
    torch.manual_seed(0)
    model = MODELS.build(cfg.model)
    ckpt = str(tmp_path / 'w.pth')
    torch.save(
        dict(
            state_dict=model.state_dict(),
            meta=dict(dataset_meta=dict(classes=CLASSES))), ckpt)
    photos = tmp_path / 'photos'
    photos.mkdir()
    make_image(str(photos / 'a.png'), 10)
    make_image(str(photos / 'b.png'), 200)
    (photos / 'c.jpg').write_bytes(b'no image')
    args = argparse.Namespace(
        config=CPU_CONFIG,
        checkpoint=ckpt,
        input=str(photos),
        out_dir=str(tmp_path / 'out'),
        show_dir=None,
        max_pixels=None,
        max_long_side=None,
        recursive=False,
        device='cpu',
        tta=True,
        cfg_options=None,
        batch_size=2)
    assert run_infer(args) == 1  # c.jpg skipped
    assert 'c.jpg' in capsys.readouterr().err
    rows = read_class_csv(str(tmp_path / 'out' / 'predictions.csv'), CLASSES)
    assert [r['image'] for r in rows] == ['a.png', 'b.png']


def test_infer_rank_decoding_gives_each_class_its_share(tmp_path, make_image):
    cfg = Config.fromfile(CPU_CONFIG)
    cfg.model.backbone.init_cfg = None
    torch.manual_seed(0)
    ckpt = str(tmp_path / 'w.pth')
    torch.save(
        dict(
            state_dict=MODELS.build(cfg.model).state_dict(),
            meta=dict(dataset_meta=dict(classes=CLASSES))), ckpt)
    photos = tmp_path / 'photos'
    photos.mkdir()
    for i in range(4):
        make_image(str(photos / f'{i}.png'), 60 * i)
    # shares 1/2 glass, 1/4 metal, 1/4 trash of 4 images: 2, 1, 1
    args = argparse.Namespace(
        config=CPU_CONFIG,
        checkpoint=ckpt,
        input=str(photos),
        out_dir=str(tmp_path / 'out'),
        show_dir=None,
        max_pixels=None,
        max_long_side=None,
        recursive=False,
        device='cpu',
        tta=False,
        cfg_options={
            'rank_decoding':
            dict(decoder='hungarian', proportions=[0, 2, 1, 0, 0, 1])
        },
        batch_size=4)
    assert run_infer(args) == 0
    rows = read_class_csv(str(tmp_path / 'out' / 'predictions.csv'), CLASSES)
    assert sorted(r['labels'][0]
                  for r in rows) == ['glass', 'glass', 'metal', 'trash']
