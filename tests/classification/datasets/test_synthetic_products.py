import csv
from collections import Counter

from landmark.classification.datasets.synthetic_products import (
    product_taxonomy, write_synthetic_products)


def test_taxonomy_has_the_configs_class_counts():
    triples = product_taxonomy()
    # configs/classification/hierarchical: num_classes = [4, 12, 40]
    assert [len({t[i] for t in triples}) for i in range(3)] == [4, 12, 40]
    # a fine class belongs to one mid class, a mid class to one coarse
    assert all(f.startswith(m) and m.startswith(c) for c, m, f in triples)


def _rows(path):
    with open(path, newline='') as f:
        return list(csv.DictReader(f))


def test_files_every_fine_class_in_both_splits_and_missing_labels(tmp_path):
    counts = write_synthetic_products(str(tmp_path), num_images=200, seed=3)
    train, val = _rows(tmp_path / 'train.csv'), _rows(tmp_path / 'val.csv')
    # 25 % of 200 in val; the rest in train
    assert (counts['train'], counts['val']) == (150, 50)
    assert (len(train), len(val)) == (150, 50)
    assert list(train[0]) == ['filename', 'coarse', 'mid', 'fine']
    fine = {t[2] for t in product_taxonomy()}
    for rows in (train, val):
        assert {r['fine'] for r in rows} - {'-1'} == fine
    missing = Counter(r['fine'] == '-1' for r in train + val)[True]
    assert missing == counts['missing_fine'] > 0
    assert 0 < counts['missing_mid'] < counts['missing_fine']
    # a row without a mid label has no fine one either; coarse always set
    assert all(r['fine'] == '-1' for r in train + val if r['mid'] == '-1')
    assert all(r['coarse'] != '-1' for r in train + val)
    assert all((tmp_path / 'images' / r['filename']).is_file()
               for r in train + val)
    # seeded: the same seed writes the same CSVs
    write_synthetic_products(str(tmp_path / 'again'), num_images=200, seed=3)
    assert _rows(tmp_path / 'again' / 'train.csv') == train
