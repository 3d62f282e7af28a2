"""The corpus of broken and odd photos through the classification,
segmentation and retrieval tools, run as a user runs them (subprocesses,
random weights: the I/O is tested, not the accuracy): no traceback, each
bad photo named on one line with its problem, every good photo predicted
at the size OpenCV decodes it, and exit code 1 for the skipped ones."""
import os.path as osp

import cv2
import pytest

from landmark.classification.evaluation import read_class_csv
from landmark.retrieval.evaluation import read_retrieval_csv
from landmark.segmentation.evaluation import read_rle_csv
from landmark.testing import CORPUS_BAD_PHOTOS as BAD
from landmark.testing import CORPUS_GOOD_PHOTOS as GOOD
from landmark.testing import run_tool, write_bad_input_photos

pytestmark = pytest.mark.slow  # four tool runs in subprocesses

CLS_CONFIG = 'configs/classification/ce/ce_resnet18_1xb32-64px-10e_trash.py'
CLASSES = ('cardboard', 'glass', 'metal', 'paper', 'plastic', 'trash')
SEG_CONFIG = ('configs/segmentation/fpn/'
              'fpn-tiny_r18_1xb4-flip-8e_landmark-masks.py')
SEG_CLASSES = ('tower', 'dome', 'arch', 'pyramid', 'bridge')  # background
RET_CONFIG = ('configs/retrieval/arcface/'
              'arcface-gem_r18_1xb32-64px-20e_synthetic.py')
# the limit the tools run with: every corpus photo is below it but big.png
MAX_PIXELS = '30000'
# a folder input lists files only: folder.jpg (a folder) is not counted
FILES = len(GOOD) + len(BAD) - 1


def stem(name):
    return osp.splitext(name)[0]


@pytest.fixture(scope='module')
def corpus(tmp_path_factory):
    images = tmp_path_factory.mktemp('corpus') / 'images'
    images.mkdir()
    return write_bad_input_photos(str(images))


@pytest.fixture(scope='module')
def checkpoints(tmp_path_factory):
    """Random-weight checkpoints as training saves them: the classifier's
    with its classes in ``meta``, the segmentor's (classes in its config)
    with a wide random head, so that the predicted classes vary."""
    import torch
    from mmengine.config import Config
    from mmengine.registry import DefaultScope
    from mmpretrain.registry import MODELS as CLS_MODELS
    from mmseg.registry import MODELS as SEG_MODELS

    import landmark.segmentation  # noqa: F401 (registers the modules)
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
    torch.nn.init.normal_(segmentor.decode_head.conv_seg.weight, std=1.0)
    torch.save(
        dict(state_dict=segmentor.state_dict(), meta={}), folder / 'seg.pth')
    return dict(cls=str(folder / 'cls.pth'), seg=str(folder / 'seg.pth'))


def run(*args):
    result = run_tool(*args)
    output = result.stdout + result.stderr
    assert 'Traceback' not in output, output[-3000:]
    return result


def problem_message(output, path, kind='unreadable_image'):
    """The one line of ``output`` that names ``path``, a skipped photo,
    with the path replaced by ``<photo>`` (so that the file name,
    'truncated.jpg', does not pass for the problem)."""
    lines = [line for line in output.splitlines() if path in line]
    assert len(lines) == 1, (path, output)
    assert f'[{kind}, skipped]' in lines[0], lines[0]
    return lines[0].replace(path, '<photo>')


def check_problems(output, folder, words):
    """Each photo of ``words`` (file name -> the words its problem line
    must hold) in ``folder`` named on one line of ``output``."""
    for name, expected in words.items():
        message = problem_message(output, osp.join(folder, name))
        assert expected in message, (name, message)


# the bad files of a folder input: folder.jpg is not a file, not an input
FOLDER_BAD = {n: w for n, w in BAD.items() if n != 'folder.jpg'}


def test_classification_infer_over_the_corpus(corpus, checkpoints, tmp_path):
    out = tmp_path / 'out'
    result = run('tools/infer.py', CLS_CONFIG, checkpoints['cls'], corpus,
                 '--out-dir', str(out), '--device', 'cpu', '--tta',
                 '--batch-size', '4', '--max-decode-pixels', MAX_PIXELS)
    assert result.returncode == 1
    check_problems(result.stdout + result.stderr, corpus, FOLDER_BAD)
    assert 'folder.jpg' not in result.stdout + result.stderr
    assert f'Classified {len(GOOD)} of {FILES} image(s)' in result.stdout
    rows = read_class_csv(str(out / 'predictions.csv'), CLASSES)
    assert sorted(row['image'] for row in rows) == sorted(GOOD)
    # three files of the same JPEG bytes, whatever their batch: one answer
    same = [(row['labels'], row['scores']) for row in rows
            if row['image'] in ('plain.jpg', 'UPPER.JPG', 'café photo ü.jpg')]
    assert len(same) == 3 and all(
        labels == same[0][0] and scores == pytest.approx(same[0][1], abs=1e-5)
        for labels, scores in same)


def test_segmentation_infer_over_the_corpus(corpus, checkpoints, tmp_path):
    out, drawn = tmp_path / 'out', tmp_path / 'drawn'
    # photos of three sizes (80x60, 60x80, 1x1) in batches of four
    result = run('tools/infer.py', SEG_CONFIG, checkpoints['seg'], corpus,
                 '--out-dir', str(out), '--show-dir', str(drawn), '--device',
                 'cpu', '--batch-size', '4', '--max-decode-pixels', MAX_PIXELS)
    assert result.returncode == 1
    check_problems(result.stdout + result.stderr, corpus, FOLDER_BAD)
    assert 'folder.jpg' not in result.stdout + result.stderr
    assert (f'Segmented {len(GOOD)} of {FILES} image(s)' in result.stdout
            and f'({len(GOOD) * len(SEG_CLASSES)} rows)' in result.stdout)
    masks = read_rle_csv(str(out / 'masks.csv'))
    # one row per photo and class (background left out), each mask at the
    # photo's decoded size: (height, width)
    assert sorted(masks) == sorted(
        (stem(name), c) for name in GOOD for c in SEG_CLASSES)
    for name, (width, height) in GOOD.items():
        for c in SEG_CLASSES:
            assert masks[stem(name), c].shape == (height, width), name
        overlay = cv2.imread(str(drawn / f'{stem(name)}.png'))
        assert overlay.shape == (height, width, 3), name
    assert len(list(drawn.iterdir())) == len(GOOD)


def test_retrieve_with_the_corpus_as_queries_and_gallery(corpus, tmp_path):
    # queries: a second copy of the corpus, listed in a CSV (folder.jpg,
    # a folder, included); gallery: the corpus folder
    queries = tmp_path / 'queries'
    queries.mkdir()
    write_bad_input_photos(str(queries))
    names = sorted(GOOD) + sorted(BAD)
    (tmp_path / 'queries.csv').write_text(
        'filename,landmark_id\n' + ''.join(f'queries/{n},\n' for n in names),
        encoding='utf-8')
    args = [
        'tools/retrieve.py', RET_CONFIG, '--queries',
        str(tmp_path / 'queries.csv'), '--gallery', corpus, '--work-dir',
        str(tmp_path / 'work'), '--out',
        str(tmp_path / 'retrieval.csv'), '--show-dir',
        str(tmp_path / 'drawn'), '--num-show',
        str(len(names)), '--batch-size', '4', '--image-ids', 'stem'
    ]
    # retrieve has no --max-decode-pixels: big.png (0.04 MP) is a photo
    query_bad = {n: w for n, w in BAD.items() if n != 'big.png'}
    gallery_bad = {n: w for n, w in query_bad.items() if n in FOLDER_BAD}
    good = sorted([stem(n) for n in GOOD] + ['big'])
    # the CSV separates gallery ids by spaces: 'café photo ü' is no id
    spaced = 'café photo ü.jpg'
    gallery = [i for i in good if i != stem(spaced)]
    # the second run reads the gallery's embeddings back from its cache
    for attempt in ('embedded', 'cached'):
        result = run(*args)
        assert result.returncode == 1, attempt
        output = result.stdout + result.stderr
        check_problems(output, str(queries), query_bad)
        check_problems(output, corpus, gallery_bad)
        assert 'whitespace' in problem_message(output,
                                               osp.join(corpus, spaced),
                                               'bad_image_id')
        assert (f'queries: {len(good)} of {len(names) - 1} images embedded'
                in result.stdout)
        assert (f'gallery: {len(gallery)} of {FILES - 1} images embedded'
                in result.stdout)
        rows = read_retrieval_csv(str(tmp_path / 'retrieval.csv'))
        assert sorted(rows) == good
        assert all(sorted(results) == gallery for results in rows.values())
    assert sorted(p.name for p in (tmp_path / 'drawn').iterdir()) == sorted(
        f'{i}.jpg' for i in good)
