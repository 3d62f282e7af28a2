"""The classifier follows the classes of its data; a checkpoint trained
for another number of classes is refused in one line."""
import argparse

import pytest
from mmengine.config import Config

from landmark.classification.apis import (prepare_test_config,
                                          prepare_train_config)
from landmark.classification.apis.image_prediction import load_classifier
from landmark.classification.apis.num_classes_sync import (ClassCountError,
                                                           sync_num_classes)
from landmark.classification.apis.tool_runs import run_test

CPU_CONFIG = 'configs/classification/ce/ce_resnet18_1xb32-64px-10e_trash.py'
RSG_CONFIG = ('configs/classification/rsg/'
              'ldam-drw-rsg_resnet18_1xb32-30e_trash.py')


def _folders(root, make_image, classes=('ant', 'bee', 'cat'), count=3):
    for name in classes:
        (root / name).mkdir(parents=True)
        for i in range(count):
            make_image(str(root / name / f'{i}.png'), 30 * i)
    return str(root)


def test_train_sets_every_num_classes_from_the_folders(tmp_path, make_image):
    root = _folders(tmp_path / 'data', make_image)
    cfg = prepare_train_config(
        RSG_CONFIG, work_dir=str(tmp_path), data_root=root,
        from_scratch=True)
    # the 6 of the trash configs -> the 3 folders, in the head, the RSG
    # module and the data preprocessor (one-hot targets of batch augments)
    assert cfg.model.head.num_classes == 3
    assert cfg.model.rsg.num_classes == 3
    assert cfg.data_preprocessor.num_classes == 3
    # val reads the training classes, so ids agree in every loop
    assert cfg.val_dataloader.dataset.metainfo['classes'] == [
        'ant', 'bee', 'cat']


def test_hierarchical_head_gets_the_classes_of_each_level(tmp_path):
    cfg = Config(
        dict(
            model=dict(head=dict(num_classes=[4, 12])),
            train_dataloader=dict(
                dataset=dict(
                    type='ClassCsvDataset', data_root=str(tmp_path),
                    ann_file='train.csv'))))
    (tmp_path / 'train.csv').write_text(
        'filename,coarse,fine\na.png,food,apple\nb.png,food,pear\n'
        'c.png,tool,-1\n')
    assert sync_num_classes(cfg) == ['apple', 'pear']
    assert cfg.model.head.num_classes == [2, 2]


def test_a_val_class_the_training_data_lacks_names_the_val_file(tmp_path):
    for split, rows in (('train', 'a.png,ant\nb.png,bee\n'),
                        ('val', 'c.png,ant\nd.png,cat\n')):
        (tmp_path / f'{split}.csv').write_text('filename,label\n' + rows)
    with pytest.raises(ValueError) as err:
        prepare_train_config(
            'configs/classification/ce/'
            'ce_resnet18_1xb32-64px-10e_class-csv.py',
            work_dir=str(tmp_path / 'work'), data_root=str(tmp_path))
    assert str(err.value).startswith(str(tmp_path / 'val.csv') + ': ')
    assert "class(es) ['cat']" in str(err.value)


def test_a_data_root_without_its_csv_says_how_to_make_it(tmp_path):
    with pytest.raises(FileNotFoundError) as err:
        prepare_train_config(
            'configs/classification/ce/'
            'ce_resnet18_1xb32-64px-10e_class-csv.py',
            work_dir=str(tmp_path / 'work'), data_root=str(tmp_path))
    assert str(err.value).startswith(str(tmp_path / 'train.csv') +
                                     ': does not exist')
    assert 'split_class_data.py writes train.csv' in str(err.value)


def test_test_refuses_a_checkpoint_of_another_class_count(
        tmp_path, make_image, capsys, classifier_checkpoint):
    root = _folders(tmp_path / 'data', make_image)
    ckpt = classifier_checkpoint(CPU_CONFIG, str(tmp_path / 'w.pth'),
                                 ['ant', 'bee'])
    with pytest.raises(ClassCountError,
                       match=r'trained for 2 classes \(ant, bee\) but the '
                       r'test data has 3 \(ant, bee, cat\)'):
        prepare_test_config(CPU_CONFIG, ckpt, work_dir=str(tmp_path),
                            data_root=root)
    args = argparse.Namespace(
        config=CPU_CONFIG, checkpoint=ckpt, out=None, show=False,
        show_dir=None, work_dir=str(tmp_path), cfg_options=None,
        launcher='none', data_root=root, tta=False, max_pixels=None,
        max_long_side=None)
    assert run_test(args) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and 'trained for 2 classes' in err[0]
    # infer reads the same data through the config and refuses it too
    with pytest.raises(ClassCountError, match='trained for 2 classes'):
        load_classifier(
            CPU_CONFIG, ckpt,
            cfg_options={'test_dataloader.dataset.data_root': root})


def test_test_data_with_fewer_classes_takes_the_checkpoints(
        tmp_path, make_image, classifier_checkpoint):
    root = _folders(tmp_path / 'data', make_image, ('ant', 'cat'))
    ckpt = classifier_checkpoint(CPU_CONFIG, str(tmp_path / 'w.pth'),
                                 ['ant', 'bee', 'cat'])
    cfg = prepare_test_config(CPU_CONFIG, ckpt, work_dir=str(tmp_path),
                              data_root=root)
    # 'cat' keeps id 2, as in training
    assert cfg.test_dataloader.dataset.metainfo['classes'] == [
        'ant', 'bee', 'cat']
    assert cfg.model.head.num_classes == 3


def test_infer_without_data_takes_the_checkpoints_classes(
        tmp_path, classifier_checkpoint):
    ckpt = classifier_checkpoint(CPU_CONFIG, str(tmp_path / 'w.pth'),
                                 ['a', 'b', 'c', 'd'])
    model = load_classifier(
        CPU_CONFIG, ckpt,
        cfg_options={'test_dataloader.dataset.data_root': '/nowhere'})
    assert model.head.fc.out_features == 4
    assert model.dataset_meta['classes'] == ('a', 'b', 'c', 'd')
