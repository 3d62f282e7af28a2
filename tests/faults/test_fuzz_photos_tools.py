"""Damaged photos (truncated, bytes flipped, a header of another format)
of JPEG, PNG, WebP, TIFF and BMP through each task's tool that reads
photos besides detection's (covered by ``test_bad_input_corpus_detection``):
classification and segmentation ``tools/infer.py`` and ``tools/retrieve.py``,
run as a user runs them (subprocesses, random weights: the I/O is tested).

``test_bad_input_corpus_tasks.py`` covers an empty file, text named .jpg, a
JPEG cut short and a folder; this adds the other formats and the other
damage. The property, per tool: no traceback and no crash, every photo
either predicted (in the CSV) or named on its own problem line and left
out (never both, never neither), and exit code 1 since some are left out.
"""
import os.path as osp
import shutil

import cv2
import numpy as np
import pytest

from landmark.testing import run_tool

pytestmark = pytest.mark.slow  # three tool runs in subprocesses

CLS_CONFIG = 'configs/classification/ce/ce_resnet18_1xb32-64px-10e_trash.py'
CLASSES = ('cardboard', 'glass', 'metal', 'paper', 'plastic', 'trash')
SEG_CONFIG = ('configs/segmentation/fpn/'
              'fpn-tiny_r18_1xb4-flip-8e_landmark-masks.py')
RET_CONFIG = ('configs/retrieval/arcface/'
              'arcface-gem_r18_1xb32-64px-20e_synthetic.py')
FORMATS = ('.jpg', '.png', '.webp', '.tif', '.bmp')


def sound_photo(ext: str) -> bytes:
    """A 40x32 colour gradient with a square, encoded as ``ext``."""
    y, x = np.mgrid[0:32, 0:40]
    image = np.stack([x * 6, y * 7, (x + y) * 3], axis=-1).astype(np.uint8)
    image[8:20, 10:22] = (255, 0, 128)
    ok, data = cv2.imencode(ext, image)
    assert ok, ext
    return data.tobytes()


def write_damaged_photos(folder) -> list:
    """Per format a sound photo and three damaged ones (cut at 60 %, 8
    bytes flipped past the first 32, the first 16 bytes of the next
    format's file); returns the file names."""
    rng = np.random.RandomState(0)
    sound = {ext: sound_photo(ext) for ext in FORMATS}
    names = []
    for index, ext in enumerate(FORMATS):
        data = sound[ext]
        flipped = bytearray(data)
        for at in rng.randint(32, len(data), 8):
            flipped[at] = (flipped[at] + 1 + rng.randint(255)) % 256
        other = sound[FORMATS[(index + 1) % len(FORMATS)]][:16]
        for kind, damaged in (('sound', data),
                              ('cut', data[:len(data) * 6 // 10]),
                              ('flipped', bytes(flipped)),
                              ('swapped', other + data[16:])):
            name = f'{kind}_{ext[1:]}{ext}'
            (folder / name).write_bytes(damaged)
            names.append(name)
    return names


@pytest.fixture(scope='module')
def photos(tmp_path_factory):
    folder = tmp_path_factory.mktemp('damaged') / 'photos'
    folder.mkdir()
    return str(folder), write_damaged_photos(folder)


@pytest.fixture(scope='module')
def checkpoints(tmp_path_factory):
    """Random-weight checkpoints: the classifier with its classes in
    ``meta``, the segmentor (classes in its config)."""
    import torch
    from mmengine.config import Config
    from mmengine.registry import DefaultScope
    from mmpretrain.registry import MODELS as CLS_MODELS
    from mmseg.registry import MODELS as SEG_MODELS

    import landmark.classification  # noqa: F401 (registers the modules)
    import landmark.segmentation  # noqa: F401
    folder = tmp_path_factory.mktemp('checkpoints')
    torch.manual_seed(0)
    cfg = Config.fromfile(CLS_CONFIG)
    cfg.model.backbone.init_cfg = None
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        classifier = CLS_MODELS.build(cfg.model)
    torch.save(
        dict(
            state_dict=classifier.state_dict(),
            meta=dict(dataset_meta=dict(classes=CLASSES))), folder / 'cls.pth')
    cfg = Config.fromfile(SEG_CONFIG)
    cfg.model.pop('pretrained', None)
    with DefaultScope.overwrite_default_scope('mmseg'):
        segmentor = SEG_MODELS.build(cfg.model)
    torch.save(
        dict(state_dict=segmentor.state_dict(), meta={}), folder / 'seg.pth')
    return dict(cls=str(folder / 'cls.pth'), seg=str(folder / 'seg.pth'))


def run(*args):
    result = run_tool(*args)
    output = result.stdout + result.stderr
    assert 'Traceback' not in output, output[-3000:]
    # a crash of a decoder (a signal) is a negative code
    assert result.returncode == 1, (result.returncode, output[-3000:])
    return output


def left_out(output: str, folder: str, names) -> set:
    """The photos named, by their full path, on a problem line of
    ``output``."""
    named = set()
    for name in names:
        lines = [line for line in output.splitlines()
                 if osp.join(folder, name) in line]
        # the per-photo warning, and the run's summary may repeat it
        assert all('skipped' in line for line in lines), lines
        if lines:
            named.add(name)
    return named


def assert_predicted_or_left_out(predicted, named, names) -> None:
    """Every photo predicted or named, none both; the sound ones and some
    damaged ones predicted, some named."""
    assert predicted | named == set(names), set(names) - predicted - named
    assert not predicted & named, predicted & named
    assert {n for n in names if n.startswith('sound_')} <= predicted
    assert named, 'no damaged photo was left out'


def test_classification_infer(photos, checkpoints, tmp_path):
    from landmark.classification.evaluation import read_class_csv
    folder, names = photos
    output = run('tools/infer.py', CLS_CONFIG, checkpoints['cls'], folder,
                 '--out-dir', str(tmp_path / 'out'), '--device', 'cpu',
                 '--batch-size', '4')
    rows = read_class_csv(str(tmp_path / 'out' / 'predictions.csv'), CLASSES)
    predicted = {row['image'] for row in rows}
    assert_predicted_or_left_out(predicted, left_out(output, folder, names),
                                 names)
    assert f'Classified {len(predicted)} of {len(names)} image(s)' in output


def test_segmentation_infer(photos, checkpoints, tmp_path):
    from landmark.segmentation.evaluation import read_rle_csv
    folder, names = photos
    output = run('tools/infer.py', SEG_CONFIG, checkpoints['seg'], folder,
                 '--out-dir', str(tmp_path / 'out'), '--device', 'cpu',
                 '--batch-size', '4')
    masks = read_rle_csv(str(tmp_path / 'out' / 'masks.csv'))
    stems = {image_id for image_id, _ in masks}
    predicted = {n for n in names if osp.splitext(n)[0] in stems}
    assert len(predicted) == len(stems)
    assert_predicted_or_left_out(predicted, left_out(output, folder, names),
                                 names)
    # each predicted photo's masks at its decoded size, 40x32
    assert {m.shape for m in masks.values()} == {(32, 40)}


def test_retrieve(photos, tmp_path):
    from landmark.retrieval.evaluation import read_retrieval_csv
    folder, names = photos
    # the photos as queries and a copy of them as the gallery: 2 x 13
    # damaged photos, more than a problem summary lists by default; the
    # tool names every one (the answers lack each of them)
    gallery = tmp_path / 'gallery'
    shutil.copytree(folder, gallery)
    output = run('tools/retrieve.py', RET_CONFIG, '--queries', folder,
                 '--gallery', str(gallery), '--work-dir',
                 str(tmp_path / 'work'), '--out',
                 str(tmp_path / 'retrieval.csv'), '--batch-size', '4',
                 '--image-ids', 'stem')
    rows = read_retrieval_csv(str(tmp_path / 'retrieval.csv'))
    queried = {n for n in names if osp.splitext(n)[0] in rows}
    named = left_out(output, folder, names)
    assert_predicted_or_left_out(queried, named, names)
    assert left_out(output, str(gallery), names) == named
    assert all(
        sorted(found) == sorted(osp.splitext(n)[0] for n in queried)
        for found in rows.values())
