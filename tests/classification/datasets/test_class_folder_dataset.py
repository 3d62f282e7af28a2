import os.path as osp

import pytest
from mmengine.dataset import ClassBalancedDataset

from landmark.classification.datasets import (ClassFolderDataset,
                                              long_tailed_counts,
                                              stratified_split)
from landmark.testing import write_truncated_jpeg


def test_classes_from_folders_and_broken_image_reported(class_folders, caplog):
    # a JPEG cut short after its header: its size reads, its end is missing
    write_truncated_jpeg(osp.join(class_folders, 'cat', 'cut.jpg'))
    dataset = ClassFolderDataset(data_root=class_folders)
    assert dataset.metainfo['classes'] == ('cat', 'dog')
    assert dataset.class_counts() == [8, 2]  # broken.jpg, cut.jpg left out
    assert dataset.problems.num_skipped == 2
    assert {(p.kind, osp.basename(p.source))
            for p in dataset.problems.problems
            } == {('unreadable_image', 'broken.jpg'),
                  ('unreadable_image', 'cut.jpg')}
    # what a run's summary counts (core.skipped_images)
    assert sorted(map(osp.basename,
                      dataset.left_out_photos)) == ['broken.jpg', 'cut.jpg']


def test_split_is_stratified_and_disjoint(class_folders):
    train = ClassFolderDataset(
        data_root=class_folders, split='train', val_fraction=0.25)
    val = ClassFolderDataset(
        data_root=class_folders, split='val', val_fraction=0.25)
    # cat: round(8 * .25) = 2 to val; dog: round(2 * .25) = 0 -> at least 1
    assert train.class_counts() == [6, 1]
    assert val.class_counts() == [2, 1]
    paths = {d['img_path'] for d in train.load_data_list()}
    assert not paths & {d['img_path'] for d in val.load_data_list()}


def test_long_tailed_cut_keeps_the_largest_class(class_folders):
    dataset = ClassFolderDataset(data_root=class_folders, long_tail_ratio=8)
    # cat keeps 8; dog: 8 * 8^-1 = 1
    assert dataset.class_counts() == [8, 1]
    # trash (cardboard, glass, metal, paper, plastic, trash), ratio 10:
    # 594 * 10^(-rank/5) for ranks paper 0, glass 1, plastic 2, metal 3,
    # cardboard 4, trash 5 = 594, 374, 236, 149, 94, 59
    assert long_tailed_counts([403, 501, 410, 594, 482, 137],
                              10) == [94, 374, 149, 594, 236, 59]


def test_stratified_split_gives_each_class_its_share():
    train, val = stratified_split([0] * 10 + [1] * 5, 0.2, seed=3)
    assert len(val) == 3 and len(train) == 12  # 2 cats + 1 dog in val


def test_class_balanced_dataset_oversamples_the_rare_class(class_folders):
    """mmengine's ClassBalancedDataset over our dataset (get_cat_ids): cat
    is in 8/10 images, dog in 2/10; threshold 0.5 repeats a dog image
    ceil(sqrt(0.5 / 0.2)) = 2 times, a cat image max(1, ...) = 1 time."""
    dataset = ClassFolderDataset(data_root=class_folders)
    balanced = ClassBalancedDataset(dataset, oversample_thr=0.5)
    labels = [
        balanced.get_data_info(i)['gt_label'] for i in range(len(balanced))
    ]
    assert (labels.count(0), labels.count(1)) == (8, 4)


def test_missing_folder_named(tmp_path):
    with pytest.raises(FileNotFoundError, match='expected a folder'):
        ClassFolderDataset(data_root=str(tmp_path / 'nowhere'))


def test_class_depth_two_and_a_one_photo_class(tmp_path, make_image):
    for parent, name, count in (('a', 'cat', 3), ('b', 'dog', 2),
                                ('b', 'cat', 1)):
        (tmp_path / parent / name).mkdir(parents=True)
        for i in range(count):
            make_image(str(tmp_path / parent / name / f'{i}.png'), 10 * i)
    dataset = ClassFolderDataset(data_root=str(tmp_path), class_depth=2)
    assert dataset.metainfo['classes'] == ('cat', 'dog')
    assert dataset.class_counts() == [4, 2]
    (tmp_path / 'b' / 'fox').mkdir()
    make_image(str(tmp_path / 'b' / 'fox' / 'only.png'), 10)
    with pytest.raises(ValueError, match=r"\['fox'\] have 1 photo"):
        ClassFolderDataset(
            data_root=str(tmp_path), class_depth=2, split='train')


def test_split_file_names_the_held_out_photos_and_reads_back(
        class_folders, tmp_path):
    from landmark.classification.datasets import ClassCsvDataset
    split_file = str(tmp_path / 'work' / 'val_split.csv')
    val = ClassFolderDataset(
        data_root=class_folders, split='val', val_fraction=0.25,
        split_file=split_file)
    # cat: round(8 * 0.25) = 2 held out, dog: 1 of 3 files (the broken
    # one, if drawn, is left out of the list as of the dataset)
    again = ClassCsvDataset(
        ann_file=split_file, data_root=class_folders,
        metainfo=dict(classes=('cat', 'dog')))
    assert [d['img_path'] for d in again.load_data_list()] == [
        val.get_data_info(i)['img_path'] for i in range(len(val))]
    assert again.class_counts() == val.class_counts()
    with open(split_file) as f:
        assert f.readline().strip() == 'filename,label'
        assert f.readline().startswith('cat/')
