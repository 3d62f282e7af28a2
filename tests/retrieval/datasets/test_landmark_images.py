"""Reading retrieval photos from outside-style layouts: ids from nested
folders (file numbers restarting in each folder), unique image ids, and
the one-line refusals of collisions and of ids a query set cannot use."""
import pytest

from landmark.retrieval.datasets import (LandmarkImage, check_query_ids,
                                         check_two_photos_per_id,
                                         describe_landmark_ids,
                                         folders_without_photos,
                                         folders_without_photos_lines,
                                         read_landmark_csv,
                                         read_landmark_folder)

# group/product/NNN.jpg: numbers restart in every product folder
TREE = {
    'shoes/boot': 3,
    'shoes/sandal': 2,
    'bags/tote': 2,
}


def _tree(root, tree=TREE):
    for folder, count in tree.items():
        (root / folder).mkdir(parents=True, exist_ok=True)
        for n in range(1, count + 1):
            (root / folder / f'{n:03d}.jpg').write_bytes(b'')
    return root


def test_nested_folders_label_by_parent_and_ids_by_path(tmp_path):
    items = read_landmark_folder(str(_tree(tmp_path)))
    # 3 products (not 2 groups); '001' stands for 3 photos, so the image
    # ids keep the folders
    assert sorted({it.landmark_id for it in items}) == [
        'bags/tote', 'shoes/boot', 'shoes/sandal'
    ]
    assert sorted(it.image_id for it in items) == [
        'bags/tote/001', 'bags/tote/002', 'shoes/boot/001', 'shoes/boot/002',
        'shoes/boot/003', 'shoes/sandal/001', 'shoes/sandal/002'
    ]
    # 3 ids of 2, 2 and 3 photos
    assert describe_landmark_ids(items) == (
        '3 ids, 7 photos; photos per id: min 2, median 2, max 3')


def test_label_depth_chooses_the_level(tmp_path):
    _tree(tmp_path)
    by_group = read_landmark_folder(str(tmp_path), label_depth=1)
    assert sorted({it.landmark_id for it in by_group}) == ['bags', 'shoes']
    assert [it.landmark_id for it in by_group].count('shoes') == 5
    by_product = read_landmark_folder(str(tmp_path), label_depth=2)
    assert {it.landmark_id
            for it in by_product} == {'bags/tote', 'shoes/boot',
                                      'shoes/sandal'}
    # deeper than the photos: one line naming a photo and the depth
    with pytest.raises(ValueError, match=r"'bags/tote/001.jpg' is 2 "
                       r'folder\(s\) deep; --label-depth 3'):
        read_landmark_folder(str(tmp_path), label_depth=3)


def test_stem_ids_collide_naming_both_files(tmp_path):
    _tree(tmp_path)
    # Kaggle-style ids (file name only): 001 is 3 photos -> refused
    with pytest.raises(ValueError) as err:
        read_landmark_folder(str(tmp_path), image_ids='stem')
    message = str(err.value)
    assert "image id '001' is given to both" in message
    assert 'bags/tote/001.jpg' in message and 'shoes/boot/001.jpg' in message
    assert '\n' not in message


def test_same_name_other_extension_collides(tmp_path):
    _tree(tmp_path, {'a': 1})
    (tmp_path / 'a' / '001.png').write_bytes(b'')
    with pytest.raises(ValueError, match=r"'a/001' is given to both .*"
                       r"001.jpg' and .*001.png'"):
        read_landmark_folder(str(tmp_path))


def test_csv_id_column_collision_names_both_files(tmp_path):
    _tree(tmp_path)
    (tmp_path / 'l.csv').write_text(
        'filename,landmark_id,id\n'
        'shoes/boot/001.jpg,boot,x1\n'
        'shoes/boot/002.jpg,boot,x2\n'
        'bags/tote/001.jpg,tote,x1\n')
    with pytest.raises(ValueError, match=r"image id 'x1' is given to both "
                       r".*shoes/boot/001.jpg' and .*bags/tote/001.jpg'"):
        read_landmark_csv(str(tmp_path / 'l.csv'))
    # without the id column the ids are the paths: no collision
    (tmp_path / 'm.csv').write_text('filename,landmark_id\n'
                                    'shoes/boot/001.jpg,boot\n'
                                    'bags/tote/001.jpg,tote\n')
    items = read_landmark_csv(str(tmp_path / 'm.csv'))
    assert [it.image_id for it in items] == ['shoes/boot/001', 'bags/tote/001']


def test_one_photo_ids_are_refused_in_a_query_set():
    items = [
        LandmarkImage('a/1.jpg', 'a'),
        LandmarkImage('a/2.jpg', 'a'),
        LandmarkImage('b/1.jpg', 'b')
    ]
    with pytest.raises(ValueError, match=r"1 id\(s\) with only 1 photo, e.g. "
                       r"'b' \('b/1.jpg'\); expected at least 2"):
        check_two_photos_per_id(items, 'photos/')
    check_two_photos_per_id(items[:2], 'photos/')  # 'a' alone: fine
    # a labelled query whose id the gallery lacks has nothing to find
    with pytest.raises(ValueError, match=r"'b/1.jpg' \(id 'b'\)"):
        check_query_ids(items[1:], items[:1], 'query.csv')
    check_query_ids(items[1:2] + [LandmarkImage('q.jpg')], items[:1], 'q')


def test_folders_without_photos_are_named_once(tmp_path):
    # shoes/boot has photos; bags/clutch is empty; hats/ holds only a
    # .heic (not read) below a sub-folder: named at its top, not twice
    _tree(tmp_path, {'shoes/boot': 2})
    (tmp_path / 'bags' / 'clutch').mkdir(parents=True)
    (tmp_path / 'hats' / 'cap').mkdir(parents=True)
    (tmp_path / 'hats' / 'cap' / '001.heic').write_bytes(b'')
    root = str(tmp_path)
    assert folders_without_photos(root) == [
        (f'{root}/bags', []),
        (f'{root}/hats', ['001.heic']),
    ]
    lines = folders_without_photos_lines(root)
    assert len(lines) == 2 and all('\n' not in line for line in lines)
    assert lines[0].startswith(f'warning: {root}/bags holds nothing;')
    assert (f"{root}/hats holds only 1 file(s) of other kinds, e.g. "
            "'001.heic'") in lines[1]
    # a CSV has no folders to name; a full tree has none empty
    assert folders_without_photos_lines(f'{root}/labels.csv') == []
    assert folders_without_photos(f'{root}/shoes') == []


def test_a_photo_listed_twice_is_named(tmp_path):
    _tree(tmp_path, {'a': 2})
    (tmp_path / 'l.csv').write_text('filename,landmark_id\n'
                                    'a/001.jpg,a\n'
                                    'a/002.jpg,a\n'
                                    'a/001.jpg,b\n')
    with pytest.raises(
            ValueError,
            match=r"a/001.jpg' is listed twice; "
            r'expected each photo once'):
        read_landmark_csv(str(tmp_path / 'l.csv'))


def test_csv_without_the_id_column_suggests_the_column(tmp_path):
    (tmp_path / 'l.csv').write_text('filename,id,source\n')
    with pytest.raises(ValueError) as err:
        read_landmark_csv(str(tmp_path / 'l.csv'))
    assert str(err.value).endswith(
        "expected filename,landmark_id[,id] (the ids in 'id'? the "
        'converter reads them with --id-column id)')


def test_unlabelled_csv_only_where_labels_are_optional(tmp_path):
    _tree(tmp_path, {'a': 2})
    (tmp_path / 'q.csv').write_text('filename\na/001.jpg\na/002.jpg\n')
    # tools/retrieve.py's queries: photos of unknown landmark
    items = read_landmark_csv(str(tmp_path / 'q.csv'), labels_optional=True)
    assert [(it.image_id, it.landmark_id)
            for it in items] == [('a/001', ''), ('a/002', '')]
    # the converter needs the ids
    with pytest.raises(ValueError, match=r"header \['filename'\]; expected "
                       'filename,landmark_id'):
        read_landmark_csv(str(tmp_path / 'q.csv'))
    # a column of another name is not taken for "no label"
    (tmp_path / 'g.csv').write_text('filename,label\na/001.jpg,a\n')
    with pytest.raises(ValueError, match="the ids in 'label'"):
        read_landmark_csv(str(tmp_path / 'g.csv'), labels_optional=True)
