import os.path as osp

from landmark.classification.datasets import ClassCsvDataset


def _write(tmp_path, make_image, text):
    for name in ('a.png', 'b.png', 'c.png', 'd.png'):
        make_image(str(tmp_path / name), 40)
    (tmp_path / 'list.csv').write_text(text)
    return str(tmp_path)


def test_single_level_classes_from_the_data(tmp_path, make_image):
    root = _write(
        tmp_path, make_image, 'filename,label\na.png,dog\nb.png,cat\n'
        'c.png,dog\nmissing.png,cat\n')
    dataset = ClassCsvDataset(ann_file='list.csv', data_root=root)
    assert dataset.metainfo['classes'] == ('cat', 'dog')
    assert dataset.class_counts() == [0 + 1, 2]  # missing.png left out
    assert [p.kind for p in dataset.problems.problems] == ['missing_image']
    assert osp.basename(dataset.get_data_info(0)['img_path']) == 'a.png'


def test_levels_with_no_label_and_unknown_class(tmp_path, make_image):
    root = _write(
        tmp_path, make_image, 'filename,coarse,fine\na.png,food,apple\n'
        'b.png,food,\nc.png,-1,bolt\nd.png,toy,robot\n')
    dataset = ClassCsvDataset(
        ann_file='list.csv',
        data_root=root,
        level_classes=[['food', 'tool'], ['apple', 'bolt']])
    assert [d['gt_levels'] for d in dataset.load_data_list()] == [[0, 0],
                                                                  [0, -1],
                                                                  [-1, 1]]
    problem, = dataset.problems.problems
    assert problem.kind == 'unknown_class' and problem.where == 'row 5'
    assert "coarse='toy'" in problem.message
    assert dataset.metainfo['level_names'] == ('coarse', 'fine')
