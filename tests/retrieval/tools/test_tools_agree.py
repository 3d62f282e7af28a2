"""The same trained checkpoint and photos through tools/test.py,
tools/retrieve.py, tools/infer.py (embeddings.csv) and the Python API
``landmark.Inferencer`` give the same rankings and similarities.

The model is trained for real (a few iterations of tools/train.py):
random weights would hide a missing normalization, since an untrained
network ranks unnormalized photos no worse. The photos are laid out as
outside data sets ship them: ``group/product/NNN.jpg``, numbers restarting
in every product folder, converted by
tools/dataset_converters/retrieval_splits.py.
"""
import csv
import os
import os.path as osp
import pickle
import shutil

import numpy as np
import pytest

from landmark.testing import REPO_ROOT, run_tool

CONFIG = osp.join(REPO_ROOT, 'configs', 'retrieval', 'arcface',
                  'arcface-gem_r18_1xb32-64px-20e_custom.py')


def _nested_products(trash: str, photos: str) -> None:
    """2 groups x 6 products x 4 photos: ``glass/product0/001.jpg``..."""
    for group in ('glass', 'paper'):
        names = sorted(
            n for n in os.listdir(osp.join(trash, group))
            if n.endswith('.jpg'))[:24]
        for i, name in enumerate(names):
            folder = osp.join(photos, group, f'product{i // 4}')
            os.makedirs(folder, exist_ok=True)
            shutil.copy(
                osp.join(trash, group, name),
                osp.join(folder, f'{i % 4 + 1:03d}.jpg'))


def _test_rankings(pkl: str, root: str, gallery_csv: str) -> dict:
    """``{query id: (gallery ids best first, similarities)}`` of
    tools/test.py's dump (``pred_score``: similarity to each gallery photo,
    in gallery.csv's order)."""
    with open(gallery_csv, newline='') as f:
        gallery = [
            osp.splitext(r['filename'])[0] for r in csv.DictReader(f)
        ]
    with open(pkl, 'rb') as f:
        records = pickle.load(f)
    rankings = {}
    for record in records:
        query = osp.splitext(osp.relpath(record['img_path'], root))[0]
        scores = np.asarray(record['pred_score'], dtype=np.float64)
        order = np.argsort(-scores, kind='stable')
        rankings[query] = ([gallery[i] for i in order], scores[order])
    return rankings


def _read_split(csv_path: str, root: str) -> list:
    """``[(image id, path)]`` of a converter CSV, ids as tools/retrieve.py
    gives them (the path under ``root`` without extension)."""
    with open(csv_path, newline='') as f:
        names = [r['filename'] for r in csv.DictReader(f)]
    return [(osp.splitext(n)[0], osp.join(root, n)) for n in names]


def _embedding_rankings(embedding_of: dict, queries: list,
                        gallery: list) -> dict:
    """``{query id: (gallery ids best first, similarities)}`` by the cosine
    similarity of unit embeddings (``embedding_of``: path -> ``(D,)``), as
    tools/retrieve.py's exact search ranks them."""
    gallery_emb = np.stack([embedding_of[path] for _, path in gallery])
    rankings = {}
    for query, path in queries:
        scores = gallery_emb @ embedding_of[path]
        order = np.argsort(-scores, kind='stable')
        rankings[query] = ([gallery[i][0] for i in order], scores[order])
    return rankings


def _infer_embeddings(csv_path: str) -> dict:
    """``{photo path: embedding}`` of tools/infer.py's embeddings.csv."""
    with open(csv_path, newline='') as f:
        reader = csv.reader(f)
        next(reader)
        return {
            osp.normpath(row[0]): np.array([float(v) for v in row[1:]])
            for row in reader
        }


def _retrieve_rankings(scores_csv: str) -> dict:
    with open(scores_csv, newline='') as f:
        return {
            r['id']: (r['images'].split(),
                      np.array([float(v) for v in r['scores'].split()]))
            for r in csv.DictReader(f)
        }


@pytest.mark.slow
@pytest.mark.data
def test_test_and_retrieve_agree_on_a_trained_model(
        shared_datasets, tmp_path):
    root = str(tmp_path)
    _nested_products(osp.join(shared_datasets, 'trash'), f'{root}/photos')
    convert = run_tool('tools/dataset_converters/retrieval_splits.py',
                       f'{root}/photos', '--out-dir', root,
                       '--test-fraction', '0.5', '--queries-per-id', '2')
    assert convert.returncode == 0, convert.stderr
    # 12 products (not 2 groups); 6 held out: 12 queries, 12 gallery
    assert '12 ids, 48 photos' in convert.stdout
    work = f'{root}/work'
    train = run_tool('tools/train.py', CONFIG, '--data-root', root,
                     '--work-dir', work, '--cfg-options',
                     'train_cfg.max_epochs=3', 'train_cfg.val_interval=3',
                     'default_hooks.checkpoint.interval=3')
    log = train.stdout + train.stderr
    assert train.returncode == 0, log[-3000:]
    # the head has the 6 training products' classes, said in the log
    assert 'train.csv: 6 ids, 18 photos' in log
    assert 'ArcFaceClsHead set to 6 classes' in log
    checkpoint = f'{work}/epoch_3.pth'
    test = run_tool('tools/test.py', CONFIG, checkpoint, '--data-root', root,
                    '--work-dir', work, '--out', f'{root}/test.pkl')
    assert test.returncode == 0, (test.stdout + test.stderr)[-3000:]
    retrieve = run_tool('tools/retrieve.py', CONFIG, '--checkpoint',
                        checkpoint, '--queries', f'{root}/query.csv',
                        '--gallery', f'{root}/gallery.csv', '--work-dir',
                        work, '--out', f'{root}/sub.csv', '--out-scores',
                        f'{root}/scores.csv')
    output = retrieve.stdout + retrieve.stderr
    assert retrieve.returncode == 0, output[-3000:]
    # the head is not part of the embedding: no warning about its size
    assert 'mismatch' not in output and 'random weights' not in output
    expected = _test_rankings(f'{root}/test.pkl', root, f'{root}/gallery.csv')
    got = _retrieve_rankings(f'{root}/scores.csv')
    assert sorted(got) == sorted(expected) and len(got) == 12
    for query, (ranked, scores) in expected.items():
        assert_same_ranking(got[query], (ranked, scores), query)
    # the Python API and tools/infer.py embed the same photos alike
    from landmark import Inferencer
    queries = _read_split(f'{root}/query.csv', root)
    gallery = _read_split(f'{root}/gallery.csv', root)
    results = Inferencer(CONFIG, checkpoint, batch_size=4)(
        [path for _, path in queries + gallery])
    api = _embedding_rankings(
        {r.name: r.embedding.astype(np.float64)
         for r in results}, queries, gallery)
    infer = run_tool('tools/infer.py', CONFIG, checkpoint, f'{root}/photos',
                     '--recursive', '--out-dir', f'{root}/infer')
    assert infer.returncode == 0, (infer.stdout + infer.stderr)[-3000:]
    embedded = _infer_embeddings(f'{root}/infer/embeddings.csv')
    tool = _embedding_rankings(
        {path: embedded[osp.normpath(path)]
         for _, path in queries + gallery}, queries, gallery)
    for query, (ranked, scores) in expected.items():
        assert_same_ranking(api[query], (ranked, scores), query)
        assert_same_ranking(tool[query], (ranked, scores), query)


def assert_same_ranking(got, expected, query, atol=1e-5):
    """The same gallery photos in the same order with the same
    similarities, where photos whose similarities are within ``atol`` of
    each other (equal up to float rounding: the two tools compute them
    in different batches) may come in either order."""
    got_ids, got_scores = got
    ids, scores = expected
    assert sorted(got_ids) == sorted(ids), query
    np.testing.assert_allclose(got_scores, scores, atol=atol, err_msg=query)
    expected_score = dict(zip(ids, scores))
    for position, (mine, theirs) in enumerate(zip(got_ids, ids)):
        assert mine == theirs or abs(expected_score[mine] -
                                     expected_score[theirs]) <= atol, (
            f'{query}: {mine} ranked {position + 1} where tools/test.py '
            f'ranks {theirs} (similarities {expected_score[mine]:.6f} and '
            f'{expected_score[theirs]:.6f})')


def test_rankings_may_differ_only_where_similarities_tie():
    ranked = (['a', 'b', 'c'], np.array([0.9, 0.5, 0.5]))
    assert_same_ranking((['a', 'c', 'b'], np.array([0.9, 0.5, 0.5])),
                        ranked, 'q')
    with pytest.raises(AssertionError, match='b ranked 1 where'):
        assert_same_ranking((['b', 'a', 'c'], np.array([0.9, 0.5, 0.5])),
                            ranked, 'q')
    with pytest.raises(AssertionError):
        assert_same_ranking((['a', 'b', 'd'], np.array([0.9, 0.5, 0.5])),
                            ranked, 'q')
