"""Inferencer on classification, segmentation and retrieval configs: the
numbers, CSV and drawings of the tools (tools/infer.py, the embedding of
tools/retrieve.py) for the same checkpoint and photos, whatever the input
kind."""
import csv
import os.path as osp

import cv2
import numpy as np
import pytest
from PIL import Image

from landmark.core import ProblemLog
from landmark.inference import Inferencer
from landmark.testing import REPO_ROOT, run_tool_in_process

CLASSIFICATION_CONFIG = osp.join(
    REPO_ROOT, 'configs/classification/ce/ce_resnet18_1xb32-64px-10e_trash.py')
SEGMENTATION_CONFIG = osp.join(
    REPO_ROOT,
    'configs/segmentation/fpn/fpn-tiny_r18_1xb4-flip-8e_landmark-masks.py')
RETRIEVAL_CONFIG = osp.join(
    REPO_ROOT,
    'configs/retrieval/arcface/arcface-gem_r18_1xb32-64px-20e_synthetic.py')


def photo_paths(folder):
    from landmark.core import list_image_files
    return list_image_files(folder)


@pytest.mark.parametrize('tta', [False, True])
def test_classification_is_the_tools_csv(photos, classifier_checkpoint,
                                         tmp_path, tta):
    flags = ['--tta'] if tta else []
    run = run_tool_in_process('infer', CLASSIFICATION_CONFIG,
                              classifier_checkpoint, photos, '--out-dir',
                              str(tmp_path / 'tool'), '--device', 'cpu',
                              *flags)
    assert run.returncode == 0, run.stderr
    tool_csv = tmp_path / 'tool' / 'predictions.csv'
    results = Inferencer(CLASSIFICATION_CONFIG, classifier_checkpoint,
                         tta=tta)(photos)
    rows = list(csv.DictReader(open(tool_csv)))
    assert [r['image'] for r in rows] == \
        [osp.basename(r.name) for r in results]
    for row, result in zip(rows, results):
        assert result.class_name == row['label']
        assert result.score == pytest.approx(float(row['score']), abs=1e-6)
        # top-k by decreasing score, headed by the label
        assert result.topk[0] == (result.class_name, result.score)
        assert [s for _, s in result.topk] == sorted(
            result.scores, reverse=True)[:5]
        assert result.scores.sum() == pytest.approx(1, abs=1e-5)
    results.to_csv(str(tmp_path / 'api.csv'))
    assert open(tmp_path / 'api.csv').read() == open(tool_csv).read()


def test_classification_arrays_and_an_unreadable_photo(
        photos, classifier_checkpoint, tmp_path):
    classifier = Inferencer(CLASSIFICATION_CONFIG, classifier_checkpoint)
    path = photo_paths(photos)[0]
    broken = tmp_path / 'broken.jpg'
    broken.write_bytes(b'not an image')
    bgr = cv2.imread(path)
    results = classifier([path, str(broken), bgr,
                          Image.fromarray(bgr[..., ::-1].copy())])
    assert [r.ok for r in results] == [True, False, True, True]
    assert 'broken.jpg' in results[1].error
    for result in results[2:]:
        np.testing.assert_array_equal(result.scores, results[0].scores)
        assert result.size == results[0].size == bgr.shape[:2]
    drawn = results[0].draw()
    height, width = bgr.shape[:2]
    assert drawn.shape == bgr.shape
    # framed, the middle of the photo untouched
    assert not np.array_equal(drawn[:, 0], bgr[:, 0])
    np.testing.assert_array_equal(drawn[height // 2, width // 2],
                                  bgr[height // 2, width // 2])


def test_several_checkpoints_refused_where_the_tool_takes_one(
        classifier_checkpoint):
    with pytest.raises(ValueError, match='averages checkpoints for '
                       'segmentation only'):
        Inferencer(CLASSIFICATION_CONFIG,
                   [classifier_checkpoint, classifier_checkpoint])


def test_segmentation_ensemble_is_the_tools_masks(photos,
                                                  segmentor_checkpoints,
                                                  tmp_path):
    a, b = segmentor_checkpoints
    run = run_tool_in_process('infer', SEGMENTATION_CONFIG, f'{a},{b}',
                              photos, '--out-dir', str(tmp_path / 'tool'),
                              '--show-dir', str(tmp_path / 'drawn'),
                              '--device', 'cpu')
    assert run.returncode == 0, run.stderr
    segmentor = Inferencer(SEGMENTATION_CONFIG, [a, b])
    paths = photo_paths(photos)
    results = segmentor(paths[:1] + [cv2.imread(paths[0])] + paths[1:])
    assert results[1].name == 'array_0'
    np.testing.assert_array_equal(results[1].mask, results[0].mask)
    del results[1]
    # the mean of the two, not one of them
    only_a = Inferencer(SEGMENTATION_CONFIG, a)(paths[0])[0].mask
    assert not np.array_equal(only_a, results[0].mask)
    for result in results:
        assert result.mask.shape == result.size == cv2.imread(
            result.name).shape[:2]
        assert len(np.unique(result.mask)) > 1
        stem = osp.splitext(osp.basename(result.name))[0]
        tool_drawing = cv2.imread(str(tmp_path / 'drawn' / f'{stem}.png'))
        np.testing.assert_array_equal(result.draw(), tool_drawing)
    assert results.to_csv(str(tmp_path / 'api.csv')) == 3 * 5
    assert open(tmp_path / 'api.csv').read() == open(
        tmp_path / 'tool' / 'masks.csv').read()
    # two photos named alike would share an id: refused, naming both
    twice = segmentor([paths[0], cv2.imread(paths[0])])
    twice[1].name = osp.join('elsewhere', osp.basename(paths[0]))
    with pytest.raises(ValueError, match='elsewhere'):
        twice.to_csv(str(tmp_path / 'twice.csv'))
    assert not osp.exists(tmp_path / 'twice.csv')


def test_retrieval_embeddings_are_the_tools_unit_vectors(
        photos, embedding_checkpoint, tmp_path):
    from mmengine.registry import DefaultScope

    from landmark.retrieval.apis.image_embedding import embed_image_files
    paths = photo_paths(photos)
    broken = tmp_path / 'broken.png'
    broken.write_bytes(b'not a png')
    plain = None
    for tta in (False, True):
        embedder = Inferencer(RETRIEVAL_CONFIG, embedding_checkpoint,
                              tta=tta, batch_size=2)
        results = embedder(paths + [str(broken), cv2.imread(paths[0])])
        assert [r.ok for r in results] == [True] * 3 + [False, True]
        assert 'broken.png' in results[3].error
        model = embedder.model
        with DefaultScope.overwrite_default_scope('mmpretrain'):
            expected, ok = embed_image_files(model, paths,
                                             model.embedding_pipeline, 2,
                                             tta, model.view_weights,
                                             problems=ProblemLog())
        for result, row in zip(results, expected):
            np.testing.assert_allclose(result.embedding, row, atol=1e-6)
            assert np.linalg.norm(result.embedding) == pytest.approx(
                1, abs=1e-5)
        np.testing.assert_allclose(results[4].embedding,
                                   results[0].embedding, atol=1e-6)
        if tta:
            assert not np.allclose(results[0].embedding, plain)
        plain = results[0].embedding
    with pytest.raises(TypeError, match='nothing to draw'):
        results[0].draw()
    assert results.to_csv(str(tmp_path / 'emb.csv')) == 4
    header = open(tmp_path / 'emb.csv').readline().strip().split(',')
    assert header[:2] == ['image', 'e0'] and len(header) == 1 + len(plain)


def test_tools_infer_on_a_retrieval_config_writes_the_embeddings(
        photos, embedding_checkpoint, tmp_path):
    import shutil
    folder = tmp_path / 'photos'
    shutil.copytree(photos, folder)
    (folder / 'broken.png').write_bytes(b'not a png')
    paths = photo_paths(str(folder))
    assert len(paths) == 4
    run = run_tool_in_process('infer', RETRIEVAL_CONFIG, embedding_checkpoint,
                              str(folder), '--out-dir', str(tmp_path / 'out'),
                              '--device', 'cpu', '--tta', '--batch-size', '2')
    assert run.returncode == 1  # the broken photo: named, skipped
    assert 'broken.png' in run.stderr and '1 image(s) skipped' in run.stderr
    assert 'Embedded 3 of 4 image(s)' in run.stdout
    with open(tmp_path / 'out' / 'embeddings.csv', newline='') as f:
        rows = list(csv.reader(f))
    expected = Inferencer(RETRIEVAL_CONFIG, embedding_checkpoint, tta=True,
                          batch_size=2)(paths)
    assert rows[0][:2] == ['image', 'e0']
    assert [row[0] for row in rows[1:]] == [r.name for r in expected if r.ok]
    for row, result in zip(rows[1:], [r for r in expected if r.ok]):
        np.testing.assert_allclose(
            np.array(row[1:], float), result.embedding, atol=1e-6)
    # drawing and resuming are not a retrieval run's: one line, exit 2
    refused = run_tool_in_process('infer', RETRIEVAL_CONFIG,
                                  embedding_checkpoint, str(folder),
                                  '--out-dir', str(tmp_path / 'out2'),
                                  '--show-dir', str(tmp_path / 'drawn'))
    assert refused.returncode == 2
    assert refused.stderr.strip().splitlines() == [
        'error: --show-dir is not a retrieval flag of infer.py '
        '(tools/retrieve.py --show-dir draws queries with their results)'
    ]
