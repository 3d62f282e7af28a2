"""apply_data_settings: a child config's (or --cfg-options') top-level
data_root, metainfo and suffixes reach the data sets its base built, in
training, testing and inference."""
import os.path as osp

import torch
from mmengine.config import Config

from landmark.segmentation.apis import apply_data_settings
from landmark.testing import REPO_ROOT, run_tool_in_process

YOUR_DATA = osp.join(
    REPO_ROOT, 'configs/segmentation/unet/'
    'unet-tiny_s4-d8_1xb2-flip-8e_your-data.py')
CLASSES = ('membrane', 'cell', 'vesicle')


def _child(tmp_path, data_root) -> str:
    path = tmp_path / 'my_cells.py'
    path.write_text(f'_base_ = [{YOUR_DATA!r}]\n'
                    f'data_root = {str(data_root)!r}\n'
                    f'metainfo = dict(classes={CLASSES!r}, palette=[[0, 0, '
                    '0], [255, 255, 255], [0, 200, 0]])\n'
                    "img_suffix = '.png'\n")
    return str(path)


def _datasets(cfg):
    return [
        cfg[key].dataset
        for key in ('train_dataloader', 'val_dataloader', 'test_dataloader')
    ]


def test_a_child_config_s_data_settings_reach_every_data_set(tmp_path):
    cfg = Config.fromfile(_child(tmp_path, tmp_path / 'cells'))
    # the base built its data sets with its own values
    assert {d.data_root for d in _datasets(cfg)} == {'data/membrane_colour'}
    assert apply_data_settings(cfg) == ['data_root', 'metainfo', 'img_suffix']
    for dataset in _datasets(cfg):
        assert dataset.data_root == str(tmp_path / 'cells')
        assert tuple(dataset.metainfo.classes) == CLASSES
        assert dataset.img_suffix == '.png'
        assert dataset.seg_map_suffix == '_mask.png'  # the base's, unchanged
    assert apply_data_settings(cfg) == []  # nothing left to write


def test_a_value_set_per_data_set_is_left_as_it_is():
    cfg = Config.fromfile(YOUR_DATA)
    cfg.train_dataloader.dataset.seg_map_suffix = '.png'  # --cfg-options
    assert apply_data_settings(cfg) == []
    assert [d.seg_map_suffix
            for d in _datasets(cfg)] == ['.png', '_mask.png', '_mask.png']


def test_train_reads_the_child_config_s_data_root(tmp_path):
    # the base's data_root ('data/membrane_colour') may exist here; the
    # child's does not: the one-line error must name the child's folder
    config = _child(tmp_path, tmp_path / 'cells')
    result = run_tool_in_process('train', config, '--work-dir',
                                 str(tmp_path / 'work'))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "error: MaskFolderDataset: image folder "
        f"'{tmp_path}/cells/images/train' does not exist; expected the "
        f"photos there (data_root '{tmp_path}/cells' + data_prefix "
        'img_path), e.g. images/train/7.jpg beside masks/train/7_mask.png'
    ]


def test_infer_names_the_child_config_s_classes(tmp_path):
    from mmengine.registry import DefaultScope
    from mmseg.registry import MODELS

    from landmark.segmentation.apis.image_segmentation import \
        load_segmentor
    config = _child(tmp_path, tmp_path / 'cells')
    cfg = Config.fromfile(config)
    cfg.model.decode_head.num_classes = len(CLASSES)
    with DefaultScope.overwrite_default_scope('mmseg'):
        state = MODELS.build(cfg.model).state_dict()
    torch.save(dict(state_dict=state, meta={}), str(tmp_path / 'three.pth'))
    model = load_segmentor(config, [str(tmp_path / 'three.pth')])
    assert model.dataset_meta['classes'] == CLASSES
    assert model.decode_head.num_classes == len(CLASSES)
