"""A data set whose photos are all unusable ends ``tools/train.py`` with
one line and exit 2 (no "Cannot find valid image after 1000", no empty
concatenation inside MMEngine): a wrong image folder before training; every
validation photo unreadable when the validation set is built; every
training photo damaged (met by the data-loader workers) after a bounded
number of skips in a row."""
import json

import pytest

from landmark.core.data_problems import (NoUsablePhotosError,
                                         no_usable_photo_line)
from landmark.core.skipped_images import MAX_SKIPS_IN_A_ROW, ImageSkipper
from landmark.detection.datasets import LANDMARK_CLASSES
from landmark.testing import (CORPUS_GOOD_PHOTOS, run_tool_in_process,
                              write_bad_input_photos)

pytestmark = pytest.mark.slow  # tool runs

CONFIG = ('tests/detection/apis/configs/'
          'retinanet_r18-tiny-fpn_1xb2-128px-12e_landmark.py')
DAMAGED = ['zero.jpg', 'text.jpg', 'truncated.jpg']


def _coco(names):
    return dict(
        categories=[
            dict(id=i, name=name)
            for i, name in enumerate(LANDMARK_CLASSES, 1)
        ],
        images=[
            dict(id=i, file_name=name, width=80, height=60)
            for i, name in enumerate(names, 1)
        ],
        annotations=[
            dict(
                id=i,
                image_id=i,
                category_id=1,
                bbox=[10, 10, 40, 30],
                area=1200,
                iscrowd=0) for i in range(1,
                                          len(names) + 1)
        ])


def _data_set(root, train, val):
    (root / 'images').mkdir(parents=True)
    write_bad_input_photos(str(root / 'images'))
    (root / 'annotations').mkdir()
    for split, names in (('train', train), ('val', val)):
        (root / 'annotations' / f'{split}.json').write_text(
            json.dumps(_coco(names)))
    return root


def _train(root, work, *options):
    result = run_tool_in_process(
        'train',
        CONFIG,
        '--data-root',
        str(root),
        '--work-dir',
        str(work),
        '--cfg-options',
        'train_cfg.max_epochs=1',
        *options)
    output = result.stdout + result.stderr
    assert result.returncode == 2, output[-3000:]
    assert 'Traceback' not in output, output[-3000:]
    return result.stderr.strip().splitlines()[-1]


def test_a_wrong_image_folder_is_refused_before_training(tmp_path):
    good = sorted(CORPUS_GOOD_PHOTOS)
    root = _data_set(tmp_path / 'data', [f'elsewhere/{n}' for n in good],
                     good)
    line = _train(root, tmp_path / 'work')
    assert line == (
        f'error: {root}/annotations/train.json: none of its {len(good)} '
        f'photo(s) exists, e.g. {root}/images/elsewhere/{good[0]}; expected '
        'the photos in the image folder (--data-root, data_prefix.img)')
    assert not list((tmp_path / 'work').glob('*.pth'))


def test_an_unreadable_validation_set_is_refused(tmp_path):
    root = _data_set(tmp_path / 'data', sorted(CORPUS_GOOD_PHOTOS), DAMAGED)
    line = _train(root, tmp_path / 'work')
    assert line == (
        f'error: {root}/annotations/val.json: none of its 3 photo(s) can be '
        f'read (each named above); expected decodable photos under '
        f'{root}/images/')


def test_a_damaged_training_set_ends_in_one_line(tmp_path):
    root = _data_set(tmp_path / 'data', DAMAGED, sorted(CORPUS_GOOD_PHOTOS))
    line = _train(root, tmp_path / 'work', 'train_dataloader.num_workers=2')
    assert line.startswith(f'error: {root}/images/')
    assert (f'{MAX_SKIPS_IN_A_ROW} photos in a row could not be used'
            in line)
    assert line.endswith('expected a training set of readable photos: is '
                         'the image folder right?')


def test_the_skipper_raises_after_the_skips_in_a_row_only():
    skipper = ImageSkipper()

    def unreadable(results):
        raise OSError('not a readable image')

    def readable(results):
        return dict(results, img=1)

    for _ in range(MAX_SKIPS_IN_A_ROW - 1):
        assert skipper.load(unreadable, dict(img_path='bad.jpg')) is None
    assert skipper.load(readable, dict(img_path='good.jpg'))['img'] == 1
    for _ in range(MAX_SKIPS_IN_A_ROW - 1):  # counted anew
        skipper.load(unreadable, dict(img_path='bad.jpg'))
    with pytest.raises(NoUsablePhotosError) as raised:
        skipper.load(unreadable, dict(img_path='bad.jpg'))
    # as PyTorch re-raises it from a data-loader worker
    wrapped = NoUsablePhotosError(
        'Caught NoUsablePhotosError in DataLoader worker process 1.\n'
        'Original Traceback (most recent call last):\n  File "x.py"\n'
        f'landmark.core.data_problems.NoUsablePhotosError: {raised.value}\n')
    assert no_usable_photo_line(wrapped) == str(raised.value)
    assert str(raised.value).startswith('bad.jpg: 200 photos in a row')


def test_a_class_folder_of_unreadable_images_is_refused(tmp_path):
    from landmark.classification.datasets import ClassFolderDataset
    for name in ('cat', 'dog'):
        (tmp_path / name).mkdir()
        (tmp_path / name / 'a.jpg').write_text('this is not a photo\n')
    with pytest.raises(NoUsablePhotosError) as raised:
        ClassFolderDataset(data_root=str(tmp_path), pipeline=[])
    assert str(raised.value) == (
        'ClassFolderDataset: none of its 2 image(s) can be read, e.g. '
        f'{tmp_path}/cat/a.jpg (each named above); expected readable images')
