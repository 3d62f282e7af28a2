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


def test_chosen_columns_and_extra_columns(tmp_path, make_image):
    root = _write(
        tmp_path, make_image, 'image_name,photographer,category\n'
        'a.png,ann,glass\nb.png,bob,metal\nc.png,ann,glass\n'
        'a.png,ann,metal\n')
    dataset = ClassCsvDataset(
        ann_file='list.csv',
        data_root=root,
        filename_column='image_name',
        label_column='category')
    assert dataset.metainfo['classes'] == ('glass', 'metal')
    assert [d['gt_label'] for d in dataset.load_data_list()] == [0, 1, 0]
    problem, = dataset.problems.problems  # a.png listed twice
    assert problem.where == 'row 5' and 'already in row 2' in problem.message


def test_integer_labels_index_the_given_classes(tmp_path, make_image):
    root = _write(tmp_path, make_image,
                  'filename,label,notes\na.png,2,x\nb.png,0,y\nc.png,7,z\n')
    dataset = ClassCsvDataset(
        ann_file='list.csv',
        data_root=root,
        metainfo=dict(classes=('cat', 'dog', 'fox')))
    assert [d['gt_label'] for d in dataset.load_data_list()] == [2, 0]
    problem, = dataset.problems.problems  # 7 is no class id
    assert problem.kind == 'unknown_class' and problem.where == 'row 4'
    # without names, the integers are the names, in numeric order
    dataset = ClassCsvDataset(ann_file='list.csv', data_root=root)
    assert dataset.metainfo['classes'] == ('0', '2', '7')
