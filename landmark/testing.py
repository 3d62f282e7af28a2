"""Helpers for the test suite (as ``mmdet.testing`` is for MMDetection)."""
import contextlib
import errno
import importlib.util
import io
import os
import os.path as osp
import pathlib
import subprocess
import sys
from types import ModuleType
from typing import Optional

import numpy as np

REPO_ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))


def run_tool(*args: str,
             cwd: str = REPO_ROOT,
             timeout: float = 600,
             env: Optional[dict] = None) -> subprocess.CompletedProcess:
    """Run ``python <args>`` (a ``tools/`` script) in a subprocess, as a user
    would, from the repository root; output is captured as text."""
    full_env = dict(os.environ, PYTHONUNBUFFERED='1', **(env or {}))
    return subprocess.run([sys.executable, *args],
                          cwd=cwd,
                          capture_output=True,
                          text=True,
                          timeout=timeout,
                          env=full_env)


def load_script(path: str) -> ModuleType:
    """A script of the repository (``benchmarks/x.py``,
    ``tools/analysis_tools/y.py``) as a module, named after its file.

    Args:
        path (str): The script's path relative to the repository root.
    """
    name = osp.splitext(osp.basename(path))[0]
    spec = importlib.util.spec_from_file_location(name,
                                                  osp.join(REPO_ROOT, path))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_tool(name: str) -> ModuleType:
    """A ``tools/`` script as a module, to call its ``main(argv)`` in this
    process (no subprocess: the imports are paid for once).

    Args:
        name (str): The script's name without ``.py`` (``'train'``).
    """
    return load_script(osp.join('tools', f'{name}.py'))


def run_tool_in_process(name: str, *argv: str) -> subprocess.CompletedProcess:
    """``tools/<name>.py``'s ``main(argv)`` in this process, its output
    captured: what :func:`run_tool` returns, without the 5 s a subprocess
    spends importing torch and the OpenMMLab libraries.

    ``returncode`` is what ``main`` returned or gave ``sys.exit`` (a message
    given to ``sys.exit`` goes to stderr with code 1, as Python does). An
    exception other than ``SystemExit`` is not caught: it fails the test,
    as the traceback of a subprocess would.

    Args:
        name (str): The script's name without ``.py`` (``'ensemble'``).
        *argv (str): Its command-line arguments.
    """
    tool = load_tool(name)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = tool.main(list(argv))
        except SystemExit as exit_:
            code = exit_.code
            if isinstance(code, str):
                print(code, file=err)
                code = 1
    return subprocess.CompletedProcess([name, *argv], code or 0,
                                       out.getvalue(), err.getvalue())


def write_truncated_jpeg(path: str,
                         image: Optional[np.ndarray] = None,
                         width: int = 80,
                         height: int = 60,
                         keep: float = 0.5) -> str:
    """Write a JPEG cut short inside its scan data, as a broken download is.

    Every header segment (the frame size among them) is intact, so a reader
    that looks only at the header sees a ``width x height`` image; the pixels
    do not fully decode (``cv2.imdecode``, which mmcv uses, returns ``None``;
    Pillow's ``load()`` raises "image file is truncated").

    Args:
        path (str): Where to write the file.
        image (np.ndarray, optional): The BGR photo to encode, e.g. a real
            one read with ``cv2.imread`` (the file then has its size); by
            default seeded noise of ``height x width``.
        width (int): Width of the default image. Defaults to 80.
        height (int): Height of the default image. Defaults to 60.
        keep (float): Fraction of the scan data (the compressed pixels after
            the start-of-scan header) that is kept. Defaults to 0.5.

    Returns:
        str: ``path``.
    """
    import cv2
    if image is None:
        image = np.random.default_rng(0).integers(
            0, 256, (height, width, 3), dtype=np.uint8)
    data = cv2.imencode('.jpg', image)[1].tobytes()
    start_of_scan = data.index(b'\xff\xda')  # the last header segment
    scan_header = start_of_scan + 2 + int.from_bytes(
        data[start_of_scan + 2:start_of_scan + 4], 'big')
    cut = scan_header + int((len(data) - scan_header) * keep)
    with open(path, 'wb') as f:
        f.write(data[:cut])
    return str(path)


def save_random_detector(config: str, path: str) -> str:
    """Save a detector of ``config`` with random weights as training does
    (``state_dict`` and the landmark classes in ``meta``), for tests of the
    inference I/O, not of accuracy. Returns ``path``."""
    import torch

    from landmark.detection.apis import load_detector
    from landmark.detection.datasets import LANDMARK_CLASSES
    model = load_detector(
        config,
        None,
        cfg_options=dict(
            test_dataloader=dict(
                dataset=dict(metainfo=dict(classes=LANDMARK_CLASSES)))))
    torch.save(
        dict(
            state_dict=model.state_dict(),
            meta=dict(dataset_meta=dict(classes=LANDMARK_CLASSES))), path)
    return path


# The corpus of photos of every kind a user's folder may hold
# (tests/tools/test_bad_input_corpus*.py). Good photos: (file name,
# (width, height) as OpenCV decodes them)
CORPUS_GOOD_PHOTOS = {
    'plain.jpg': (80, 60),
    'deep16.png': (80, 60),
    'cmyk.jpg': (80, 60),
    'rgba.png': (80, 60),
    'gray.jpg': (80, 60),
    'exif3.jpg': (80, 60),
    'exif6.jpg': (60, 80),
    'exif8.tif': (60, 80),
    'one.png': (1, 1),
    'UPPER.JPG': (80, 60),
    'café photo ü.jpg': (80, 60),
    'bitmap.bmp': (80, 60),
    'web.webp': (80, 60),
    'scan.tif': (80, 60),
}
# bad photos: file name -> words its problem line must hold
CORPUS_BAD_PHOTOS = {
    'zero.jpg': 'not a readable image',
    'text.jpg': 'not a readable image',
    'truncated.jpg': 'truncated',
    'folder.jpg': 'is a folder',
    'big.png': 'above the limit',
}


def write_bad_input_photos(folder: str) -> str:
    """Write the corpus photos (:data:`CORPUS_GOOD_PHOTOS` and
    :data:`CORPUS_BAD_PHOTOS`) into the existing ``folder``; the tools are
    run with a decode limit of 30000 pixels, which only ``big.png`` (200x200)
    is above. Returns ``folder``."""
    import cv2
    from PIL import Image
    folder = pathlib.Path(folder)
    rng = np.random.default_rng(0)
    bgr = rng.integers(0, 255, (60, 80, 3), dtype=np.uint8)
    cv2.imwrite(str(folder / 'plain.jpg'), bgr)
    cv2.imwrite(str(folder / 'deep16.png'),
                (bgr.astype(np.uint16) * 257))  # 16 bits a channel
    Image.fromarray(bgr).convert('CMYK').save(folder / 'cmyk.jpg')
    Image.fromarray(bgr).convert('RGBA').save(folder / 'rgba.png')
    cv2.imwrite(str(folder / 'gray.jpg'), bgr[..., 0])
    for name, orientation in (('exif3.jpg', 3), ('exif6.jpg', 6), ('exif8.tif',
                                                                   8)):
        img = Image.fromarray(bgr)  # stored 80x60
        if name.endswith('.tif'):
            img.save(folder / name, tiffinfo={274: orientation})
        else:
            exif = Image.Exif()
            exif[0x0112] = orientation
            img.save(folder / name, exif=exif.tobytes())
    cv2.imwrite(str(folder / 'one.png'), bgr[:1, :1])
    cv2.imwrite(str(folder / 'UPPER.JPG'), bgr)
    cv2.imencode('.jpg', bgr)[1].tofile(str(folder / 'café photo ü.jpg'))
    cv2.imwrite(str(folder / 'bitmap.bmp'), bgr)
    cv2.imwrite(str(folder / 'web.webp'), bgr)
    Image.fromarray(bgr).save(folder / 'scan.tif')
    (folder / 'zero.jpg').write_bytes(b'')
    (folder / 'text.jpg').write_text('this is not a photo\n')
    write_truncated_jpeg(str(folder / 'truncated.jpg'))  # header: 80x60
    (folder / 'folder.jpg').mkdir()
    cv2.imwrite(str(folder / 'big.png'), np.zeros((200, 200, 3), np.uint8))
    return str(folder)


class FillingFile:
    """A file object whose writes fail with ENOSPC after ``room`` bytes,
    as a file system does when it fills up (the full-disk tests wrap the
    files of the writes they aim at in it)."""

    def __init__(self, f, room: int):
        self._f, self._room = f, room

    def write(self, data):
        if len(data) > self._room:
            self._f.write(data[:self._room])
            self._room = 0
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self._room -= len(data)
        return self._f.write(data)

    def __getattr__(self, name):
        return getattr(self._f, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return self._f.__exit__(*exc)


def fill_disk_for(monkeypatch, name: str, room: int = 10) -> None:
    """Atomic writes of files called ``name`` run out of space after
    ``room`` bytes (others write normally)."""
    from landmark.core import atomic_io
    real_fdopen = os.fdopen
    real_mkstemp = atomic_io.tempfile.mkstemp
    opened = {}

    def mkstemp(*args, **kwargs):
        fd, path = real_mkstemp(*args, **kwargs)
        opened[fd] = osp.basename(path).startswith(f'.{name}.')
        return fd, path

    def fdopen(fd, *args, **kwargs):
        f = real_fdopen(fd, *args, **kwargs)
        return FillingFile(f, room) if opened.pop(fd, False) else f

    monkeypatch.setattr(atomic_io.tempfile, 'mkstemp', mkstemp)
    monkeypatch.setattr(atomic_io.os, 'fdopen', fdopen)


def assert_one_full_disk_line(done, path) -> None:
    """A tool run ended as a full disk must end it: exit 2, no traceback,
    one ``error:`` line naming ``path`` and "no space left"."""
    assert done.returncode == 2, done.stdout + done.stderr[-3000:]
    assert 'Traceback' not in done.stdout + done.stderr
    errors = [
        line for line in done.stderr.splitlines() if line.startswith('error')
    ]
    assert errors == [f'error: {path}: no space left on the device']
