import os.path as osp

import pytest

from landmark.classification.apis import (ModelBudgetError,
                                          prepare_test_config,
                                          prepare_train_config)

CPU_CONFIG = 'configs/classification/ce/ce_resnet18_1xb32-64px-10e_trash.py'


def test_train_refuses_a_model_over_its_budget(tmp_path, class_folders):
    # ResNet-18 at 64 px: 0.148 GFLOPs (1.82 at 224 px * (64/224)^2)
    with pytest.raises(
            ModelBudgetError,
            match=r'0\.148\d* GFLOPs.*model_budget.max_gflops=0.1'):
        prepare_train_config(
            CPU_CONFIG,
            work_dir=str(tmp_path),
            data_root=class_folders,
            cfg_options={'model_budget.max_gflops': 0.1})
    cfg = prepare_train_config(
        CPU_CONFIG, work_dir=str(tmp_path), data_root=class_folders)
    assert cfg.train_dataloader.dataset.data_root == class_folders
    # the data is read before training: a missing folder is one line
    with pytest.raises(FileNotFoundError, match='/elsewhere'):
        prepare_train_config(
            CPU_CONFIG, work_dir=str(tmp_path), data_root='/elsewhere')


def test_tta_wraps_the_classifier_and_adds_the_flip_view(
        tmp_path, class_folders, classifier_checkpoint):
    ckpt = classifier_checkpoint(CPU_CONFIG, str(tmp_path / 'w.pth'),
                                 ['cat', 'dog'])
    cfg = prepare_test_config(
        CPU_CONFIG, ckpt, work_dir=str(tmp_path), tta=True,
        data_root=class_folders)
    assert cfg.model.type == 'FlipClsTTAModel'
    assert cfg.model.view_weights == (2.0, 1.0)
    assert cfg.model.module.type == 'ImageClassifier'
    views = cfg.test_dataloader.dataset.pipeline[-1].transforms[0]
    assert [v.prob for v in views] == [0.0, 1.0]


def _sizes(pipeline):
    """(type, output size) of each resizing or cropping step."""
    found = []
    for t in pipeline:
        if t['type'] == 'TestTimeAug':
            for branch in t['transforms']:
                found += _sizes(branch)
        elif t['type'] in ('RandomResizedCrop', 'Resize', 'CenterCrop'):
            found.append((t['type'], t.get('scale', t.get('crop_size'))))
    return found


def test_a_child_configs_image_size_reaches_every_pipeline(
        tmp_path, class_folders, classifier_checkpoint):
    child = tmp_path / 'child_32px.py'
    child.write_text(f"_base_ = ['{osp.abspath(CPU_CONFIG)}']\n"
                     'image_size = 32\n')
    train = prepare_train_config(str(child), work_dir=str(tmp_path),
                                 data_root=class_folders)
    assert _sizes(train.train_dataloader.dataset.pipeline) == [
        ('RandomResizedCrop', 32)
    ]
    assert _sizes(train.val_dataloader.dataset.pipeline) == [('Resize', (32,
                                                                         32))]
    ckpt = classifier_checkpoint(CPU_CONFIG, str(tmp_path / 'w.pth'),
                                 ['cat', 'dog'])
    test = prepare_test_config(
        str(child), ckpt, work_dir=str(tmp_path), tta=True,
        data_root=class_folders)
    # the TTA pipeline (both views) is at the child's size too
    assert _sizes(test.test_dataloader.dataset.pipeline) == [('Resize', (32,
                                                                         32))]
    assert test.test_dataloader.dataset.pipeline[-1].type == 'TestTimeAug'


def test_train_lists_each_split_part_in_the_work_dir(tmp_path,
                                                     class_folders):
    cfg = prepare_train_config(
        CPU_CONFIG, work_dir=str(tmp_path), data_root=class_folders)
    assert cfg.val_dataloader.dataset.split_file == osp.join(
        str(tmp_path), 'val_split.csv')
    assert cfg.train_dataloader.dataset.split_file == osp.join(
        str(tmp_path), 'train_split.csv')
