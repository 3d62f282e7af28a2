"""The corpus of broken and odd photos (``landmark.testing``) through the
detection tools that read photos, run as a user runs them: ``infer.py``,
``check_submission.py``, ``visualize.py``, ``train.py`` and ``test.py`` on a
data set made of the corpus, ``ensemble.py`` and ``browse_dataset.py``. No
traceback; each bad photo named with its problem; every good photo in the
outputs; a non-zero exit code when something was skipped."""
import csv
import json
import os.path as osp

import cv2
import pytest

from landmark.detection.datasets import LANDMARK_CLASSES
from landmark.testing import CORPUS_BAD_PHOTOS as BAD
from landmark.testing import CORPUS_GOOD_PHOTOS as GOOD
from landmark.testing import (run_tool, save_random_detector,
                              write_bad_input_photos)

pytestmark = pytest.mark.slow  # tool runs in subprocesses

CONFIG = ('tests/detection/apis/configs/'
          'retinanet_r18-tiny-fpn_1xb2-128px-12e_landmark.py')
MAX_PIXELS = '30000'  # every corpus photo is below it but big.png
CPU_ENV = dict(OMP_NUM_THREADS='1', OMP_WAIT_POLICY='PASSIVE')
# what the data set's annotation file lists but no file holds
MISSING = 'gone.jpg'


@pytest.fixture(scope='module')
def corpus(tmp_path_factory):
    """The photos in ``images/``, a COCO file listing every one of them
    (and a missing one) with a box, as ``annotations/{train,val}.json``."""
    root = tmp_path_factory.mktemp('corpus')
    (root / 'images').mkdir()
    write_bad_input_photos(str(root / 'images'))
    names = sorted(GOOD) + sorted(BAD) + [MISSING]
    coco = dict(
        categories=[
            dict(id=i, name=name)
            for i, name in enumerate(LANDMARK_CLASSES, 1)
        ],
        images=[
            dict(
                id=i,
                file_name=name,
                width=GOOD.get(name, (80, 60))[0],
                height=GOOD.get(name, (80, 60))[1])
            for i, name in enumerate(names, 1)
        ],
        annotations=[
            dict(
                id=i,
                image_id=i,
                category_id=1,
                bbox=[0, 0, 1, 1],
                area=1,
                iscrowd=0) for i in range(1,
                                          len(names) + 1)
        ])
    (root / 'annotations').mkdir()
    for split in ('train', 'val'):
        (root / 'annotations' / f'{split}.json').write_text(json.dumps(coco))
    return root


@pytest.fixture(scope='module')
def checkpoint(tmp_path_factory):
    path = tmp_path_factory.mktemp('ckpt') / 'random.pth'
    return save_random_detector(CONFIG, str(path))


@pytest.fixture(scope='module')
def inferred(corpus, checkpoint, tmp_path_factory):
    """``tools/infer.py`` over the corpus folder: (result, output folder)."""
    out = tmp_path_factory.mktemp('infer')
    result = run(
        'tools/infer.py',
        CONFIG,
        checkpoint,
        str(corpus / 'images'),
        '--out-dir',
        str(out),
        '--show-dir',
        str(out / 'drawn'),
        '--max-decode-pixels',
        MAX_PIXELS,
        env=CPU_ENV)
    return result, out


def run(*args, **kwargs):
    result = run_tool(*args, **kwargs)
    output = result.stdout + result.stderr
    assert 'Traceback' not in output, output[-3000:]
    return result


def named_once(output, name, words):
    """The problem lines naming the photo ``name`` hold ``words``; one per
    distinct message (a summary may repeat a warning)."""
    lines = {
        line.strip()
        for line in output.splitlines()
        if f'images/{name}' in line and '[unreadable_image, skipped]' in line
    }
    assert len(lines) == 1, (name, lines)
    # the words are looked for in the message, not in the photo's path
    assert words in lines.pop().replace(name, '<file>')


def test_infer_over_the_corpus(inferred):
    result, out = inferred
    assert result.returncode == 1, result.stderr[-2000:]
    # a sub-folder of the input folder is not a photo of it (no
    # --recursive): folder.jpg is neither predicted nor counted
    listed = [n for n in BAD if n != 'folder.jpg']
    assert (f'Predicted {len(GOOD)} of {len(GOOD) + len(listed)} image(s)'
            in result.stdout)
    for name in listed:
        named_once(result.stderr, name, BAD[name])
    with open(out / 'predictions.csv', encoding='utf-8') as f:
        ids = [row['image_id'] for row in csv.DictReader(f)]
    assert sorted(ids) == sorted(osp.splitext(n)[0] for n in GOOD)
    # drawn at the size they decode to (EXIF applied); other formats than
    # PNG are drawn as JPEG
    for name, (width, height) in GOOD.items():
        stem, ext = osp.splitext(name)
        drawn_ext = '.png' if ext.lower() == '.png' else '.jpg'
        drawn = cv2.imread(str(out / 'drawn' / (stem + drawn_ext)))
        assert drawn is not None, name
        assert drawn.shape[:2] == (height, width), name


def test_check_submission_over_the_corpus(corpus, inferred):
    _, out = inferred
    result = run('tools/check_submission.py',
                 str(out / 'predictions.csv'), '--img-dir',
                 str(corpus / 'images'), '--max-decode-pixels', MAX_PIXELS,
                 '--classes', *LANDMARK_CLASSES)
    assert result.returncode == 1
    # the photos infer.py skipped have no row; those whose header does not
    # read are named on their own line
    for name in BAD:
        if name != 'folder.jpg':
            assert (f"[missing_image] image '{osp.splitext(name)[0]}': no "
                    'row for this image') in result.stdout
    for name in ('zero.jpg', 'text.jpg', 'big.png'):
        named_once(result.stdout, name, BAD[name])
    assert f'{len(GOOD)} row(s), {len(GOOD)} image(s)' in result.stdout


def test_visualize_over_the_corpus(corpus, inferred, tmp_path):
    _, out = inferred
    predictions = json.loads((out / 'predictions.json').read_text())
    # a prediction file that also names the bad photos (from another run)
    some = predictions['images'][0]
    predictions['images'] += [
        dict(some, image_path=str(corpus / 'images' / name))
        for name in [*BAD, MISSING]
    ]
    (tmp_path / 'all.json').write_text(json.dumps(predictions))
    result = run('tools/visualize.py',
                 str(tmp_path / 'all.json'), '--ann-file',
                 str(corpus / 'annotations' / 'val.json'), '--out-dir',
                 str(tmp_path / 'drawn'), '--error-sheet',
                 str(tmp_path / 'sheet.jpg'), '--max-decode-pixels',
                 MAX_PIXELS)
    assert result.returncode == 1
    assert f'Drew {len(GOOD)} image(s)' in result.stdout
    for name, words in [*BAD.items(), (MISSING, 'does not exist')]:
        named_once(result.stderr, name, words)
    assert len(list((tmp_path / 'drawn').iterdir())) == len(GOOD)
    assert cv2.imread(str(tmp_path / 'sheet.jpg')) is not None


def test_train_test_and_ensemble_on_a_corpus_data_set(corpus, tmp_path):
    work = tmp_path / 'work'
    # big.png (200x200) is within the default decode limit of training
    unusable = [n for n in BAD if n != 'big.png'] + [MISSING]
    result = run(
        'tools/train.py',
        CONFIG,
        '--data-root',
        str(corpus),
        '--work-dir',
        str(work),
        '--cfg-options',
        'train_cfg.max_epochs=1',
        'train_dataloader.num_workers=2',
        env=CPU_ENV)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-3000:]
    assert osp.isfile(work / 'epoch_1.pth')
    for name in unusable:  # once when training skips it, once from val
        lines = [
            line for line in output.splitlines()
            if f'images/{name}' in line and '[unreadable_image' in line
        ]
        assert len(lines) == 2, (name, lines)
        assert sum('left out of this evaluation' in x for x in lines) == 1
    total = len(GOOD) + len(BAD) + 1
    assert (f'val.json: {len(unusable)} of {total} photo(s) left out'
            in output)
    assert result.stderr.strip().splitlines()[-1] == (
        f'warning: finished, but {len(unusable)} photo(s) skipped in '
        f'training, {len(unusable)} photo(s) left out of validation (each '
        'named in the log above)')
    assert f'single_object/num_images: {total - len(unusable)}' in output

    predictions = tmp_path / 'a.pkl'
    result = run(
        'tools/test.py',
        CONFIG,
        str(work / 'epoch_1.pth'),
        '--data-root',
        str(corpus),
        '--work-dir',
        str(work),
        '--out',
        str(predictions),
        env=CPU_ENV)
    assert result.returncode == 1, result.stderr[-3000:]
    assert result.stderr.strip().splitlines()[-1] == (
        f'warning: finished, but {len(unusable)} photo(s) left out of the '
        'test (each named in the log above)')

    # ensemble.py: a broken prediction file is one line (exit 1, as for
    # its other unusable arguments), nothing written; the good file
    # ensembles over the photos it holds
    broken = tmp_path / 'broken.pkl'
    broken.write_bytes(b'not a pickle')
    result = run('tools/ensemble.py', str(predictions), str(broken), '--csv',
                 str(tmp_path / 'ensemble.csv'))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f'error: {broken}: cannot be read as a pickle (invalid load key, '
        "'n'.); expected the .pkl of tools/test.py --out"
    ]
    assert not (tmp_path / 'ensemble.csv').exists()
    result = run('tools/ensemble.py', str(predictions), str(predictions),
                 '--csv', str(tmp_path / 'ensemble.csv'), '--classes',
                 *LANDMARK_CLASSES)
    assert result.returncode == 0, result.stderr
    with open(tmp_path / 'ensemble.csv', encoding='utf-8') as f:
        assert len(list(csv.DictReader(f))) == total - len(unusable)


def test_browse_dataset_over_the_corpus(corpus, tmp_path):
    result = run('tools/browse_dataset.py', CONFIG, '--out-dir',
                 str(tmp_path / 'browse'), '--num', '30', '--cfg-options',
                 f'train_dataloader.dataset.data_root={corpus}')
    unusable = [n for n in BAD if n != 'big.png'] + [MISSING]
    assert result.returncode == 1
    total = len(GOOD) + len(BAD) + 1
    assert (f'Saved {total - len(unusable)} sample(s)' in result.stdout)
    assert (f'{len(unusable)} sample(s) skipped: their photos do not load'
            in result.stderr)
    drawn = sorted(p.name for p in (tmp_path / 'browse').iterdir())
    # one drawing per usable photo, none drawn twice in place of a bad one
    assert len(drawn) == total - len(unusable)
    assert len({name.split('_', 1)[1] for name in drawn}) == len(drawn)
