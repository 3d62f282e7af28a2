"""The one decode policy every tool applies to a photo."""
import cv2
import numpy as np
import pytest
from PIL import Image

from landmark.core import image_files
from landmark.core.image_files import (ImageReadError, check_image_file,
                                       decode_image, read_image_size)


@pytest.fixture
def jpeg_bytes(tmp_path):
    rng = np.random.default_rng(0)
    photo = rng.integers(0, 255, (120, 160, 3), dtype=np.uint8)
    ok, data = cv2.imencode('.jpg', photo)
    assert ok
    return data.tobytes()


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


REAL_IMDECODE = cv2.imdecode


def opencv4_imdecode(data, flags):
    """OpenCV 4.x: a truncated JPEG decodes, its missing part grey."""
    with_end = np.concatenate([data, np.frombuffer(b'\xff\xd9', np.uint8)])
    img = REAL_IMDECODE(with_end, flags)
    return img if img is not None else np.full((120, 160, 3), 128, np.uint8)


def test_a_complete_jpeg_passes_with_its_size(tmp_path, jpeg_bytes):
    path = write(tmp_path, 'ok.jpg', jpeg_bytes)
    assert check_image_file(path) == (160, 120)
    # data after the end-of-image marker (motion photos) are allowed
    trailer = write(tmp_path, 'trailer.jpg', jpeg_bytes + b'\0' * 4096)
    assert check_image_file(trailer) == (160, 120)


@pytest.mark.parametrize('cut', [20, 1000])
def test_a_truncated_jpeg_whose_header_reads_is_refused(
        tmp_path, jpeg_bytes, cut):
    path = write(tmp_path, 'cut.jpg', jpeg_bytes[:-cut])
    assert read_image_size(path) == (160, 120)  # the header is intact
    with pytest.raises(ImageReadError, match='cut.jpg'):
        check_image_file(path)


def test_the_verdict_does_not_depend_on_the_opencv_version(
        tmp_path, jpeg_bytes, monkeypatch):
    path = write(tmp_path, 'cut.jpg', jpeg_bytes[:-20])
    monkeypatch.setattr(image_files.cv2, 'imdecode', opencv4_imdecode)
    with pytest.raises(ImageReadError, match='truncated'):
        decode_image(path)


def test_pixel_limit_names_the_size_and_the_flag(tmp_path, jpeg_bytes):
    path = write(tmp_path, 'big.jpg', jpeg_bytes)
    with pytest.raises(ImageReadError) as info:
        check_image_file(path, max_pixels=10_000)
    message = str(info.value)
    assert 'big.jpg' in message and '160x120' in message
    assert '--max-decode-pixels' in message


def test_pillow_bomb_error_becomes_an_image_read_error(tmp_path, monkeypatch):
    path = str(tmp_path / 'wide.png')
    Image.new('L', (400, 300)).save(path)
    # Pillow refuses above twice MAX_IMAGE_PIXELS with its own error type,
    # which is not an OSError
    monkeypatch.setattr(Image, 'MAX_IMAGE_PIXELS', 1000)
    with pytest.raises(ImageReadError, match='too large'):
        read_image_size(path, max_pixels=10**9)


def test_text_named_jpg_and_missing_file(tmp_path):
    text = write(tmp_path, 'notes.jpg', b'not an image')
    with pytest.raises(ImageReadError, match='notes.jpg'):
        check_image_file(text)
    with pytest.raises(ImageReadError, match='does not exist'):
        check_image_file(str(tmp_path / 'gone.jpg'))


def test_raising_the_limit_raises_pillows_bomb_limit(tmp_path, monkeypatch):
    path = str(tmp_path / 'wide.png')
    Image.new('L', (400, 300)).save(path)  # 120,000 pixels
    monkeypatch.setattr(Image, 'MAX_IMAGE_PIXELS', 1000)
    monkeypatch.setattr(image_files, 'MAX_DECODE_PIXELS', 10**8)
    with pytest.raises(ImageReadError, match='raise --max-decode-pixels'):
        read_image_size(path)  # Pillow refuses above 2 x 1000
    image_files.set_max_decode_pixels(200_000)  # the user allows it
    assert read_image_size(path) == (400, 300)
    image_files.set_max_decode_pixels(100_000)  # ours refuses, named
    with pytest.raises(ImageReadError, match='above the limit of 0.1 MP'):
        read_image_size(path)
