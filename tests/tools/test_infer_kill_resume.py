"""tools/infer.py killed with SIGKILL mid-run, then resumed, writes what an
uninterrupted run writes; and the other ways a run must not die or lose
work: --batch-size 0, a photo out of memory, photos with the same name, a
photo above the decode limit."""
import json
import os.path as osp
import signal
import subprocess
import sys
import time

import cv2
import numpy as np
import pytest
import torch

from landmark.testing import REPO_ROOT, load_tool

# the 128 px tiny detector of the inference API tests: quick on a CPU
TINY_CONFIG = osp.join(REPO_ROOT, 'tests', 'detection', 'apis', 'configs',
                       'retinanet_r18-tiny-fpn_1xb2-128px-12e_landmark.py')
NUM_PHOTOS = 16
JOURNAL = 'predictions.partial.jsonl'


@pytest.fixture(scope='module')
def random_checkpoint(tmp_path_factory):
    from landmark.testing import save_random_detector
    path = tmp_path_factory.mktemp('ckpt') / 'random.pth'
    return save_random_detector(TINY_CONFIG, str(path))


@pytest.fixture(scope='module')
def photos(tmp_path_factory):
    """Seeded noise photos of two sizes (each with its own boxes)."""
    folder = tmp_path_factory.mktemp('photos')
    rng = np.random.default_rng(0)
    for i in range(NUM_PHOTOS):
        height, width = (72, 96) if i % 3 else (96, 64)
        cv2.imwrite(
            str(folder / f'photo_{i:02d}.jpg'),
            rng.integers(0, 256, (height, width, 3), dtype=np.uint8))
    return str(folder)


@pytest.fixture
def decode_limit_restored(monkeypatch):
    """The tools set the process-wide decode limit; undo it after a test."""
    from landmark.core import image_files
    monkeypatch.setattr(image_files, 'MAX_DECODE_PIXELS',
                        image_files.MAX_DECODE_PIXELS)


def finished_photos(journal: str) -> int:
    """Complete lines after the first (the run's settings)."""
    if not osp.isfile(journal):
        return 0
    with open(journal, 'rb') as f:
        return max(f.read().count(b'\n') - 1, 0)


@pytest.mark.slow
def test_killed_then_resumed_writes_what_an_uninterrupted_run_writes(
        random_checkpoint, photos, tmp_path, capsys, decode_limit_restored):
    args = [
        TINY_CONFIG, random_checkpoint, photos, '--batch-size', '2',
        '--device', 'cpu'
    ]
    out = tmp_path / 'killed'
    journal = str(out / JOURNAL)
    proc = subprocess.Popen(
        [
            sys.executable, 'tools/infer.py', *args, '--out-dir',
            str(out), '--show-dir',
            str(out / 'drawn')
        ],
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while finished_photos(journal) < 4 and proc.poll() is None and \
            time.monotonic() < deadline:
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, 'finished before the kill'
    finished = finished_photos(journal)
    assert 4 <= finished < NUM_PHOTOS
    assert not (out / 'predictions.csv').exists()
    if finished % 2 == 0:
        # as if killed between the two photos of a batch (a batch pads its
        # photos to its largest, so the resumed run must batch them alike)
        with open(journal, 'rb') as f:
            lines = f.read().split(b'\n')
        with open(journal, 'wb') as f:
            f.write(b'\n'.join(lines[:-2] + [b'']))
        finished -= 1

    # resumed and uninterrupted runs: the same main() in this process (no
    # start-up to pay for twice)
    tool = load_tool('infer')
    assert tool.main([
        *args, '--out-dir',
        str(out), '--show-dir',
        str(out / 'drawn'), '--resume'
    ]) == 0
    # only the photos the killed run had not finished are predicted
    assert f'Predicting {NUM_PHOTOS - finished} of {NUM_PHOTOS} image(s), ' \
        f'{finished} done before (--resume)' in capsys.readouterr().out
    assert not osp.exists(journal)
    whole = tmp_path / 'whole'
    assert tool.main([*args, '--out-dir', str(whole)]) == 0
    assert (out / 'predictions.csv').read_bytes() == \
        (whole / 'predictions.csv').read_bytes()
    assert json.loads((out / 'predictions.json').read_text()) == \
        json.loads((whole / 'predictions.json').read_text())
    rows = (whole / 'predictions.csv').read_text().splitlines()
    assert len(rows) == 1 + NUM_PHOTOS
    # every photo was drawn, by the killed run or the resumed one
    assert len(list((out / 'drawn').iterdir())) == NUM_PHOTOS


def test_batch_size_below_one_is_a_one_line_error(capsys):
    tool = load_tool('infer')
    for value in ('0', '-3', 'two'):
        with pytest.raises(SystemExit) as exit_info:
            tool.parse_args([TINY_CONFIG, 'x.pth', 'photos', '--batch-size',
                             value])
        assert exit_info.value.code == 2
        err = capsys.readouterr().err
        assert f"argument --batch-size: '{value}': expected a whole number " \
            'of images, 1 or more' in err
        assert 'Traceback' not in err


def test_a_photo_out_of_memory_is_skipped_and_the_run_goes_on(
        random_checkpoint, photos, tmp_path, monkeypatch, capsys,
        decode_limit_restored):
    from landmark.detection.apis import detector_loading
    load_detector = detector_loading.load_detector

    def load_with_small_memory(*args, **kwargs):
        model = load_detector(*args, **kwargs)
        test_step = model.test_step

        def out_of_memory_on_photo_3(data):
            if 3 in [s.img_id for s in data['data_samples']]:
                raise torch.OutOfMemoryError(
                    'CUDA out of memory. Tried to allocate 9.00 GiB')
            return test_step(data)

        model.test_step = out_of_memory_on_photo_3
        return model

    monkeypatch.setattr(detector_loading, 'load_detector',
                        load_with_small_memory)
    out = tmp_path / 'out'
    list_file = tmp_path / 'six.txt'
    list_file.write_text('\n'.join(
        osp.join(photos, f'photo_{i:02d}.jpg') for i in range(6)))
    code = load_tool('infer').main([
        TINY_CONFIG, random_checkpoint,
        str(list_file), '--out-dir',
        str(out), '--batch-size', '2', '--device', 'cpu'
    ])
    captured = capsys.readouterr()
    assert code == 1
    assert '1 image(s) skipped' in captured.err
    skipped = osp.join(photos, 'photo_03.jpg')
    (line, ) = [
        line for line in captured.err.splitlines()
        if 'out of memory while predicting' in line and '[unreadable' in line
    ]
    assert skipped in line and '64x96 photo' in line  # 96 high
    assert '--max-pixels' in line
    rows = (out / 'predictions.csv').read_text().splitlines()[1:]
    assert [r.split(',')[0] for r in rows] == [
        f'photo_{i:02d}' for i in (0, 1, 2, 4, 5)
    ]
    assert not (out / JOURNAL).exists()


def test_photos_with_the_same_name_get_a_drawing_each(random_checkpoint,
                                                      tmp_path, capsys,
                                                      decode_limit_restored):
    sizes = dict(a=(96, 72), b=(64, 96))  # (width, height)
    paths = []
    for folder, (width, height) in sizes.items():
        (tmp_path / folder).mkdir()
        paths.append(str(tmp_path / folder / 'x.jpg'))
        cv2.imwrite(paths[-1], np.full((height, width, 3), 128, np.uint8))
    list_file = tmp_path / 'photos.txt'
    list_file.write_text('\n'.join(paths))
    drawn = tmp_path / 'drawn'
    code = load_tool('infer').main([
        TINY_CONFIG, random_checkpoint,
        str(list_file), '--out-dir',
        str(tmp_path / 'out'), '--show-dir',
        str(drawn), '--image-id-from', 'img_id', '--device', 'cpu'
    ])
    err = capsys.readouterr().err
    assert code == 0
    # both photos named in one note, and both drawings kept: x_<img_id>
    (note, ) = [line for line in err.splitlines() if line.startswith('note')]
    assert paths[0] in note and paths[1] in note
    assert sorted(p.name for p in drawn.iterdir()) == ['x_0.jpg', 'x_1.jpg']
    assert cv2.imread(str(drawn / 'x_0.jpg')).shape == (72, 96, 3)
    assert cv2.imread(str(drawn / 'x_1.jpg')).shape == (96, 64, 3)


def test_a_photo_above_the_decode_limit_is_named_and_skipped(
        random_checkpoint, photos, tmp_path, capsys, decode_limit_restored):
    big = tmp_path / 'big.jpg'
    cv2.imwrite(str(big), np.zeros((200, 300, 3), np.uint8))
    list_file = tmp_path / 'photos.txt'
    list_file.write_text(f'{osp.join(photos, "photo_01.jpg")}\n{big}\n')
    code = load_tool('infer').main([
        TINY_CONFIG, random_checkpoint,
        str(list_file), '--out-dir',
        str(tmp_path / 'out'), '--device', 'cpu', '--max-decode-pixels',
        '10000'
    ])
    err = capsys.readouterr().err
    assert code == 1
    (line, ) = [
        line for line in err.splitlines()
        if line.startswith('  [unreadable_image')
    ]
    assert str(big) in line and '300x200' in line
    assert 'above the limit of 0.01 MP' in line
    rows = (tmp_path / 'out' / 'predictions.csv').read_text().splitlines()
    assert [r.split(',')[0] for r in rows[1:]] == ['photo_01']


def test_ctrl_c_keeps_the_finished_photos_for_resume(random_checkpoint,
                                                     photos, tmp_path,
                                                     monkeypatch, capsys,
                                                     decode_limit_restored):
    from landmark.detection.apis import batch_inference
    predict_images = batch_inference.predict_images

    def interrupted_after_three(*args, **kwargs):
        for num, record in enumerate(predict_images(*args, **kwargs)):
            if num == 3:
                raise KeyboardInterrupt
            yield record

    list_file = tmp_path / 'five.txt'
    list_file.write_text('\n'.join(
        osp.join(photos, f'photo_{i:02d}.jpg') for i in range(5)))
    argv = [
        TINY_CONFIG, random_checkpoint,
        str(list_file), '--out-dir',
        str(tmp_path), '--device', 'cpu'
    ]
    tool = load_tool('infer')
    monkeypatch.setattr(batch_inference, 'predict_images',
                        interrupted_after_three)
    assert tool.main(argv) == 130
    assert 'the 3 finished photo(s) are kept in' in capsys.readouterr().err
    assert finished_photos(str(tmp_path / JOURNAL)) == 3
    # a second run without --resume must not throw that work away
    assert tool.main(argv) == 2
    assert 'pass --resume' in capsys.readouterr().err
    monkeypatch.setattr(batch_inference, 'predict_images', predict_images)
    assert tool.main(argv + ['--resume']) == 0
    assert 'Predicting 2 of 5 image(s), 3 done before' in \
        capsys.readouterr().out
    rows = (tmp_path / 'predictions.csv').read_text().splitlines()
    assert len(rows) == 1 + 5
