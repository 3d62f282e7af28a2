import pytest

from landmark.classification.datasets.class_labels import (
    check_split_counts, class_folder_photos, class_names_of_labels,
    read_label_csv)
from landmark.core.data_problems import ProblemLog


def test_integer_labels_sort_as_numbers_and_given_classes_win():
    assert class_names_of_labels(['10', '2', '9']) == ['2', '9', '10']
    assert class_names_of_labels(['b', 'a']) == ['a', 'b']
    assert class_names_of_labels(['b'], ['z', 'b']) == ['z', 'b']


def test_label_csv_with_extra_columns_empty_cells_and_repeats(tmp_path):
    path = tmp_path / 'labels.csv'
    path.write_text('id,image_name,category,source\n'
                    '1,a.jpg,glass,cam\n'
                    '2,b.jpg,,cam\n'          # no label
                    '3,a.jpg,metal,cam\n'     # a.jpg again
                    '4,c.jpg,metal,cam\n')
    problems = ProblemLog()
    rows = read_label_csv(str(path), 'image_name', 'category', problems)
    assert rows == [(2, 'a.jpg', 'glass'), (5, 'c.jpg', 'metal')]
    assert [p.where for p in problems.problems] == ['row 3', 'row 4']
    assert 'already in row 2' in problems.problems[1].message


def test_label_csv_without_the_column_names_it(tmp_path):
    path = tmp_path / 'labels.csv'
    path.write_text('file,category\na.jpg,glass\n')
    with pytest.raises(ValueError, match=r"no column 'filename'.*'file'"):
        read_label_csv(str(path))


def test_class_folders_at_depth_two_merge_same_names(tmp_path, make_image):
    for parent, name, count in (('2019', 'cat', 2), ('2020', 'cat', 1),
                                ('2020', 'dog', 2)):
        (tmp_path / parent / name).mkdir(parents=True)
        for i in range(count):
            make_image(str(tmp_path / parent / name / f'{i}.png'), 10)
    (tmp_path / 'stray.png').write_bytes(b'')  # above the class level
    photos = class_folder_photos(str(tmp_path), class_depth=2)
    assert sorted(n for _, n in photos) == ['cat'] * 3 + ['dog'] * 2
    # at depth 1 the years are the classes
    assert {n for _, n in class_folder_photos(str(tmp_path))} == {
        '2019', '2020'}


def test_an_empty_class_folder_is_one_line(tmp_path, make_image):
    (tmp_path / 'cat').mkdir()
    make_image(str(tmp_path / 'cat' / 'a.png'), 10)
    (tmp_path / 'dog').mkdir()
    with pytest.raises(ValueError, match=r"class folder '.*dog' holds no "
                       'photo'):
        class_folder_photos(str(tmp_path))


def test_a_split_needs_two_photos_per_class():
    check_split_counts(['a', 'a', 'b', 'b'], 'x')
    with pytest.raises(ValueError,
                       match=r"x: class\(es\) \['b'\] have 1 photo"):
        check_split_counts(['a', 'a', 'b'], 'x')
