import pytest

from landmark.core.data_problems import ProblemLog
from landmark.retrieval.datasets import (LandmarkImage,
                                         generate_retrieval_dataset,
                                         read_landmark_csv, retrieval_splits,
                                         split_query_gallery)


def test_synthetic_set_is_seeded_and_shares_ids(tmp_path):
    a = generate_retrieval_dataset(
        str(tmp_path / 'a'), 2, 3, (32, 32), classes=('tower', 'dome'))
    b = generate_retrieval_dataset(
        str(tmp_path / 'b'), 2, 3, (32, 32), classes=('tower', 'dome'))
    items = read_landmark_csv(a)
    # 2 classes x 2 landmarks x 3 views; one id per (class, variant)
    assert len(items) == 12
    assert sorted({it.landmark_id
                   for it in items
                   }) == ['dome00', 'dome01', 'tower00', 'tower01']
    same = [
        open(x.path, 'rb').read() == open(y.path, 'rb').read()
        for x, y in zip(items, read_landmark_csv(b))
    ]
    assert all(same)
    # the views of one landmark differ from each other
    assert open(items[0].path, 'rb').read() != open(items[1].path, 'rb').read()


def test_csv_rows_named_when_bad(tmp_path):
    (tmp_path / 'x.jpg').write_bytes(b'')
    (tmp_path / 'l.csv').write_text('filename,landmark_id\nx.jpg,a\n'
                                    'y.jpg,a\nnotes.txt,b\n,c\n')
    problems = ProblemLog()
    items = read_landmark_csv(str(tmp_path / 'l.csv'), problems=problems)
    assert [it.landmark_id for it in items] == ['a']
    assert [(p.kind, p.where)
            for p in problems.problems] == [('missing_image', 'row 3'),
                                            ('bad_annotation', 'row 4'),
                                            ('bad_annotation', 'row 5')]


def test_query_gallery_split_keeps_one_in_the_gallery():
    items = [LandmarkImage(f'{c}{i}.jpg', c) for c in 'ab' for i in range(3)]
    items.append(LandmarkImage('c0.jpg', 'c'))
    query, gallery = split_query_gallery(items, queries_per_landmark=5)
    # 'a' and 'b' give 2 of their 3 images, 'c' (alone) gives none
    assert len(query) == 4 and len(gallery) == 3
    assert {items[i].landmark_id for i in gallery} == {'a', 'b', 'c'}


def test_retrieval_splits_hold_out_ids_and_never_share_a_photo():
    # 10 ids of 3 photos, 2 of 1 photo
    items = [
        LandmarkImage(f'{c}/{i}.jpg', c) for c in 'abcdefghij'
        for i in range(3)
    ] + [LandmarkImage('k/0.jpg', 'k'), LandmarkImage('l/0.jpg', 'l')]
    parts = retrieval_splits(items, test_fraction=0.2, seed=0)
    # 2 of the 10 ids with 2+ photos held out: 1 query + 2 gallery each;
    # the 8 others give 1 val photo each and train on 2, the single
    # photos train
    assert {k: len(v)
            for k, v in parts.items()} == dict(
                train=18, val=8, gallery=4, query=2)
    placed = sum(parts.values(), [])
    assert sorted(placed) == list(range(len(items)))  # each photo once

    def ids(name):
        return {items[i].landmark_id for i in parts[name]}

    assert ids('query') == ids('gallery') and len(ids('query')) == 2
    assert not ids('gallery') & ids('train')  # never trained on
    assert ids('val') <= ids('train')  # validation answers from train
    assert {'k', 'l'} <= ids('train')
    assert retrieval_splits(items, 0.2, seed=0) == parts  # seeded
    assert retrieval_splits(items, 0.2, seed=1) != parts


def test_retrieval_splits_need_an_id_to_query():
    items = [LandmarkImage('a/0.jpg', 'a'), LandmarkImage('b/0.jpg', 'b')]
    with pytest.raises(ValueError, match='none with 2 photos'):
        retrieval_splits(items)
    with pytest.raises(ValueError, match='--test-fraction 1.0'):
        retrieval_splits(items, test_fraction=1.0)
    # one id, of 2 photos: held out, nothing left to train on
    with pytest.raises(ValueError, match='none is left to train'):
        retrieval_splits([items[0], LandmarkImage('a/1.jpg', 'a')])
