"""Damaged photos through the one decode policy: truncated at any byte,
random bytes flipped, headers swapped between formats, for JPEG, PNG, WebP,
TIFF and BMP. Each photo is either decoded or refused with an
``ImageReadError`` that names it; no other exception, and no crash of the
process: the decoder runs in a subprocess, so a segfault inside OpenCV or
Pillow fails the test naming the photo instead of killing pytest.

``LANDMARK_FUZZ_PHOTOS`` (default 40) sets the damaged photos per format;
the report of the last run is printed with ``-s``.
"""
import collections
import json
import os
import os.path as osp
import subprocess
import sys

import cv2
import numpy as np
import pytest

from landmark.testing import REPO_ROOT

FAULTS = osp.dirname(osp.abspath(__file__))
PER_FORMAT = int(os.environ.get('LANDMARK_FUZZ_PHOTOS', '40'))
FORMATS = ('.jpg', '.png', '.webp', '.tif', '.bmp')


def sound_photo(ext: str) -> bytes:
    """A 40x24 colour gradient with a square, encoded as ``ext``."""
    y, x = np.mgrid[0:24, 0:40]
    image = np.stack([x * 6, y * 10, (x + y) * 4], axis=-1).astype(np.uint8)
    image[6:18, 10:22] = (255, 0, 128)
    ok, data = cv2.imencode(ext, image)
    assert ok, ext
    return data.tobytes()


def damaged(data: bytes, rng: np.random.RandomState, headers: dict) -> tuple:
    """One damaged copy of ``data`` and how it was damaged."""
    kind = rng.choice(['truncate', 'flip', 'swap_header', 'zero_span',
                       'truncate_and_flip'])
    out = bytearray(data)
    if kind in ('truncate', 'truncate_and_flip'):
        out = out[:rng.randint(0, len(out))]
    if kind in ('flip', 'truncate_and_flip') and out:
        for _ in range(rng.randint(1, 9)):
            out[rng.randint(len(out))] = rng.randint(256)
    if kind == 'swap_header':
        other = headers[rng.choice(sorted(headers))]
        out[:len(other)] = other
    if kind == 'zero_span' and out:
        start, length = rng.randint(len(out)), rng.randint(1, 64)
        out[start:start + length] = bytes(len(out[start:start + length]))
    return bytes(out), str(kind)


def decode_in_subprocess(paths) -> list:
    """``decode_each_photo.py`` on ``paths``; its JSON lines, or a failure
    naming the photo that crashed it."""
    done = subprocess.run(
        [sys.executable, osp.join(FAULTS, 'decode_each_photo.py')],
        input='\n'.join(paths) + '\n',
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env=dict(os.environ, PYTHONPATH=REPO_ROOT, OMP_NUM_THREADS='1'),
        timeout=600)
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    if done.returncode != 0:
        last = lines[-1].get('start') if lines else None
        pytest.fail(f'the decoder died (exit {done.returncode}) on {last}: '
                    f'{done.stderr[-2000:]}')
    return [line for line in lines if 'start' not in line]


def test_every_damaged_photo_is_decoded_or_refused_by_name(tmp_path):
    rng = np.random.RandomState(0)
    sound = {ext: sound_photo(ext) for ext in FORMATS}
    headers = {ext: data[:16] for ext, data in sound.items()}
    paths, kinds = [], {}
    for ext in FORMATS:
        for index in range(PER_FORMAT):
            data, kind = damaged(sound[ext], rng, headers)
            path = str(tmp_path / f'{ext[1:]}_{index:04d}_{kind}{ext}')
            with open(path, 'wb') as f:
                f.write(data)
            paths.append(path)
            kinds[path] = kind
    outcomes = decode_in_subprocess(paths)
    assert [o['path'] for o in outcomes] == paths
    crashed = [o for o in outcomes if 'crashed' in o]
    assert not crashed, crashed[:5]
    counts = collections.Counter()
    for outcome in outcomes:
        path = outcome['path']
        if 'refused' in outcome:
            assert repr(path) in outcome['refused']  # names the photo
            assert '\n' not in outcome['refused']
            counts['refused'] += 1
        else:
            width, height = outcome['decoded']
            assert width > 0 and height > 0
            counts['decoded'] += 1
    # truncating everything but nothing is a refusal, not a decode
    assert counts['refused'] > 0
    print(f'\nimage bytes fuzzing: {len(paths)} damaged photos, '
          f'{counts["decoded"]} decoded, {counts["refused"]} refused by '
          'name, 0 crashes')


def test_the_sound_photos_decode(tmp_path):
    """The seeds themselves decode (else every damaged copy is refused
    for a reason that has nothing to do with the damage)."""
    paths = []
    for ext in FORMATS:
        path = str(tmp_path / f'sound{ext}')
        with open(path, 'wb') as f:
            f.write(sound_photo(ext))
        paths.append(path)
    outcomes = decode_in_subprocess(paths)
    assert [o.get('decoded') for o in outcomes] == [[40, 24]] * len(FORMATS)
