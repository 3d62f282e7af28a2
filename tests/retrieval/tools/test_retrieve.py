"""End to end: a few training iterations of the CPU config on the
synthetic set, then tools/retrieve.py with a time budget."""
import csv
import os.path as osp
import subprocess
import sys

from landmark.retrieval.evaluation import (global_average_precision,
                                           read_retrieval_csv)

REPO = osp.dirname(
    osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__)))))
CONFIG = osp.join(REPO, 'configs', 'retrieval', 'arcface',
                  'arcface-gem_r18_1xb32-64px-20e_synthetic.py')


def _run(*args, cwd=REPO):
    return subprocess.run([sys.executable, *args],
                          cwd=cwd,
                          text=True,
                          capture_output=True,
                          timeout=300)


def test_train_then_retrieve_with_a_budget(tmp_path):
    from landmark.testing import run_tool_in_process
    data = tmp_path / 'data'
    # in this process: a fresh one spends ~5 s importing to write the set
    made = run_tool_in_process('retrieve', '--make-synthetic', str(data))
    assert made.returncode == 0, made.stderr
    (data / 'images' / 'tower00' / 'broken.jpg').write_bytes(b'no image')
    with open(data / 'landmarks.csv', 'a') as f:
        f.write('images/tower00/broken.jpg,tower00\n')
    work = tmp_path / 'work'
    train = _run('tools/train.py', CONFIG, '--work-dir', str(work),
                 '--cfg-options', f'train_dataloader.dataset.data_root={data}',
                 f'val_dataloader.dataset.data_root={data}',
                 f'model.prototype.dataset.data_root={data}',
                 'train_cfg.max_epochs=1', 'train_cfg.val_interval=1',
                 'default_hooks.checkpoint.interval=1')
    assert train.returncode == 0, train.stderr[-3000:]
    out = tmp_path / 'sub.csv'
    args = [
        'tools/retrieve.py', CONFIG, '--checkpoint',
        str(work / 'epoch_1.pth'), '--data',
        str(data / 'landmarks.csv'), '--flip', '--qe', '2', '--dba', '2',
        '--time-budget', '60s', '--out',
        str(out), '--work-dir',
        str(work), '--show-dir',
        str(tmp_path / 'show'), '--num-show', '2', '--recognition-out',
        str(tmp_path / 'recognition.csv')
    ]
    run = _run(*args)
    # exit 1: the broken image is named and skipped, the rest answered
    assert run.returncode == 1, run.stderr
    assert 'broken.jpg' in run.stderr and 'Traceback' not in run.stderr
    assert 'time budget 60 s: predicted' in run.stdout
    assert 'mAP@100' in run.stdout
    rows = read_retrieval_csv(str(out))
    # 20 landmarks, one query each (less the broken image if the split
    # made it a query); 100 or 101 gallery images: 100 results each
    assert len(rows) in (19, 20) and all(len(v) == 100 for v in rows.values())
    # drawn under their image ids: show/images/tower03/tower03_05.jpg
    assert len(list((tmp_path / 'show' / 'images').glob('*/*.jpg'))) == 2
    # recognition: a landmark id and confidence per query; the printed GAP
    # is that of the CSV against the ids in the image ids, the paths
    # (images/tower03/tower03_05)
    with open(tmp_path / 'recognition.csv', newline='') as f:
        recognized = list(csv.DictReader(f))
    assert [r['id'] for r in recognized] == list(rows)
    predicted = [r['landmarks'].split() for r in recognized]
    gap = global_average_precision([p[0] for p in predicted],
                                   [float(p[1]) for p in predicted],
                                   [r['id'].split('/')[1] for r in recognized])
    assert f'GAP {gap:.4f}' in run.stdout
    # the gallery embedding is cached: a second run reads it back
    cached = list((work / 'embeddings').glob('gallery-*/chunk_*.npz'))
    assert cached
    mtime = cached[0].stat().st_mtime
    again = _run(*args)
    assert again.returncode == 1 and cached[0].stat().st_mtime == mtime
    assert again.stdout.splitlines()[-2] == run.stdout.splitlines()[-2]
    # tools/test.py with the broken photo in its gallery (train.csv): named,
    # left out, the rest scored, and exit 1 with the summary every task's
    # test.py ends with, as tools/retrieve.py above
    with open(data / 'train.csv', 'a') as f:
        f.write('images/tower00/broken.jpg,tower00\n')
    test = _run('tools/test.py', CONFIG, str(work / 'epoch_1.pth'),
                '--work-dir', str(work), '--cfg-options', *[
                    f'{key}.dataset.data_root={data}'
                    for key in ('train_dataloader', 'test_dataloader',
                                'model.prototype')
                ])
    assert test.returncode == 1, test.stderr[-3000:]
    assert 'broken.jpg' in test.stdout + test.stderr
    assert 'retrieval/mAP@100' in test.stdout + test.stderr
    assert test.stderr.strip().splitlines()[-1] == (
        'warning: finished, but 1 photo(s) left out of the test (each named '
        'in the log above)')


def test_untrained_baseline_with_cfg_options(synthetic_retrieval_root,
                                             tmp_path):
    """Without --checkpoint the run says, in one line, that the weights
    are random; --cfg-options reaches the embedding pipeline."""
    from mmengine.config import Config

    from landmark.retrieval.apis import embedding_pipeline_of
    from landmark.testing import run_tool_in_process
    root = synthetic_retrieval_root
    run = run_tool_in_process('retrieve', CONFIG, '--queries',
                              str(root / 'val.csv'), '--gallery',
                              str(root / 'train.csv'), '--work-dir',
                              str(tmp_path), '--cfg-options', 'image_size=32')
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert [line for line in lines if 'random weights' in line] == [
        'no --checkpoint: the embedding has random weights (seed 0; an '
        'untrained baseline, not a trained model)'
    ]
    # 20 ids: 100 gallery photos (5 per id), 20 queries (1 per id)
    assert (f'gallery {root / "train.csv"}: 20 ids, 100 photos; photos per '
            'id: min 5, median 5, max 5') in lines
    assert 'mAP@100' in run.stdout
    cfg = Config.fromfile(CONFIG)
    cfg.merge_from_dict({'image_size': 96})
    resize = [t for t in embedding_pipeline_of(cfg) if t['type'] == 'Resize']
    assert [t['scale'] for t in resize] == [(96, 96)]


def test_no_readable_query_is_one_line(synthetic_retrieval_root, tmp_path):
    """Every query photo missing: one line naming the query CSV, not a
    faiss assertion about empty embeddings."""
    from landmark.testing import run_tool_in_process
    queries = tmp_path / 'queries.csv'
    queries.write_text('filename\nmissing/001.jpg\n')
    run = run_tool_in_process('retrieve', CONFIG, '--queries', str(queries),
                              '--gallery',
                              str(synthetic_retrieval_root / 'train.csv'),
                              '--work-dir', str(tmp_path))
    assert run.returncode == 2
    assert 'Traceback' not in run.stderr
    assert run.stderr.splitlines()[-1] == (
        f'error: {queries}: no query photo could be embedded (the skipped '
        'ones are listed above); expected at least one readable query photo')
    assert "(row 2): '" in run.stderr and "001.jpg' does not exist" in (
        run.stderr)


def test_untrained_baseline_is_seeded_and_cached_by_seed(
        synthetic_retrieval_root, tmp_path):
    """The untrained baseline run twice in one --work-dir gives the same
    similarities: its random network is seeded (--seed), and the cached
    gallery embedding is that seed's (not another random network's, whose
    gallery would be ranked against these queries)."""
    from landmark.testing import run_tool_in_process
    root = synthetic_retrieval_root

    def similarities(work, seed):
        out = tmp_path / f'scores_{seed}_{work}.csv'
        run = run_tool_in_process('retrieve', CONFIG, '--queries',
                                  str(root / 'val.csv'), '--gallery',
                                  str(root / 'train.csv'), '--work-dir',
                                  str(tmp_path / work), '--seed', str(seed),
                                  '--out-scores', str(out))
        assert run.returncode == 0, run.stderr
        return out.read_text()

    first = similarities('work', 0)
    assert similarities('work', 0) == first  # the gallery from the cache
    other_seed = similarities('work', 1)
    assert other_seed != first
    # seed 1 in a fresh work dir: the same, so seed 0's cache was not used
    assert similarities('fresh', 1) == other_seed
