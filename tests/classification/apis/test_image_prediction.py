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
