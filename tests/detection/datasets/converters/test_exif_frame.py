"""EXIF orientation: boxes are in the displayed frame, as OpenCV decodes a
photo; sizes are read in that frame; boxes drawn on the stored pixels are
detected, or rotated with ``exif_rotate_boxes``. Orientations 3, 6 and 8,
JPEG and TIFF."""
import cv2
import numpy as np
import pytest
from PIL import Image

from landmark.core.image_files import read_image_header
from landmark.detection.datasets import (convert_csv_to_coco,
                                         convert_voc_to_coco)
from landmark.detection.datasets.converters import stored_to_displayed_box

STORED_W, STORED_H = 100, 40
STORED_BOX = (10, 5, 30, 15)  # x1, y1, x2, y2 on the stored pixels


def write_oriented(path, orientation):
    """A black stored 100x40 photo with a white STORED_BOX, saved with the
    EXIF orientation."""
    pixels = np.zeros((STORED_H, STORED_W, 3), np.uint8)
    x1, y1, x2, y2 = STORED_BOX
    pixels[y1:y2, x1:x2] = 255
    img = Image.fromarray(pixels)
    if str(path).endswith('.tif'):
        img.save(path, tiffinfo={274: orientation})
    else:
        exif = Image.Exif()
        exif[0x0112] = orientation
        img.save(path, exif=exif.tobytes(), quality=95)
    return str(path)


def white_box_as_opencv_decodes(path):
    img = cv2.imdecode(np.fromfile(path, np.uint8), cv2.IMREAD_COLOR)
    ys, xs = np.nonzero(img[..., 0] > 128)
    return img.shape[1], img.shape[0], [
        int(xs.min()),
        int(ys.min()),
        int(xs.max()) + 1,
        int(ys.max()) + 1
    ]


@pytest.mark.parametrize('ext', ['.jpg', '.tif'])
@pytest.mark.parametrize('orientation', [1, 3, 6, 8])
def test_size_and_box_rotation_agree_with_opencv(tmp_path, ext, orientation):
    path = write_oriented(tmp_path / f'o{orientation}{ext}', orientation)
    width, height, box = white_box_as_opencv_decodes(path)
    header = read_image_header(path)
    assert header.stored_size == (STORED_W, STORED_H)
    assert header.orientation == orientation
    assert header.size == (width, height)  # a TIFF is not swapped twice
    assert stored_to_displayed_box(STORED_BOX, header.stored_size,
                                   orientation) == box


def test_box_rotation_by_hand():
    # turned 90 degrees clockwise, the stored top-left corner goes to the
    # top-right: x = H - y, y = x
    assert stored_to_displayed_box([10, 5, 30, 15], (100, 40),
                                   6) == [25, 10, 35, 30]
    # turned 90 degrees anticlockwise: x = y, y = W - x
    assert stored_to_displayed_box([10, 5, 30, 15], (100, 40),
                                   8) == [5, 70, 15, 90]
    # turned 180 degrees: x = W - x, y = H - y
    assert stored_to_displayed_box([10, 5, 30, 15], (100, 40),
                                   3) == [70, 25, 90, 35]


def write_voc(folder, stem, ext, size, box):
    objects = (
        '<object><name>arch</name><bndbox><xmin>{}</xmin><ymin>{}'
        '</ymin><xmax>{}</xmax><ymax>{}</ymax></bndbox></object>').format(*box)
    (folder / f'{stem}.xml').write_text(
        f'<annotation><filename>{stem}{ext}</filename><size><width>'
        f'{size[0]}</width><height>{size[1]}</height></size>{objects}'
        '</annotation>')


@pytest.mark.parametrize('ext', ['.jpg', '.tif'])
@pytest.mark.parametrize('orientation', [6, 8])
def test_voc_boxes_on_the_stored_frame_are_detected_or_rotated(
        tmp_path, ext, orientation):
    path = write_oriented(tmp_path / f'photo{ext}', orientation)
    _, _, displayed_box = white_box_as_opencv_decodes(path)
    # annotated by a tool that ignores EXIF: stored size, stored box
    write_voc(tmp_path, 'photo', ext, (STORED_W, STORED_H), STORED_BOX)

    coco, log = convert_voc_to_coco(str(tmp_path), classes=['arch'])
    assert coco['images'] == [] and coco['annotations'] == []
    [problem] = log.problems
    assert problem.kind == 'exif_orientation' and problem.skipped
    assert problem.source.endswith('photo.xml')
    assert f'EXIF orientation {orientation}' in problem.message
    assert '--exif-rotate-boxes' in problem.message

    coco, log = convert_voc_to_coco(
        str(tmp_path), classes=['arch'], exif_rotate_boxes=True)
    assert (coco['images'][0]['width'],
            coco['images'][0]['height']) == (STORED_H, STORED_W)
    x, y, w, h = coco['annotations'][0]['bbox']
    assert [x, y, x + w, y + h] == displayed_box
    assert log.num_skipped == 0 and log.problems[0].kind == 'exif_orientation'


@pytest.mark.parametrize('ext', ['.jpg', '.tif'])
def test_voc_boxes_on_the_displayed_frame_are_kept_silently(tmp_path, ext):
    path = write_oriented(tmp_path / f'photo{ext}', 6)
    _, _, displayed_box = white_box_as_opencv_decodes(path)
    write_voc(tmp_path, 'photo', ext, (STORED_H, STORED_W), displayed_box)
    for rotate in (False, True):  # sizes say it: nothing to rotate
        coco, log = convert_voc_to_coco(
            str(tmp_path), classes=['arch'], exif_rotate_boxes=rotate)
        assert not log.problems
        x, y, w, h = coco['annotations'][0]['bbox']
        assert [x, y, x + w, y + h] == displayed_box


@pytest.mark.parametrize('ext', ['.jpg', '.tif'])
def test_orientation_3_says_which_frame_was_assumed(tmp_path, ext):
    path = write_oriented(tmp_path / f'photo{ext}', 3)
    _, _, displayed_box = white_box_as_opencv_decodes(path)
    write_voc(tmp_path, 'photo', ext, (STORED_W, STORED_H), STORED_BOX)
    # the sizes of both frames agree: the box is kept as given, with a note
    coco, log = convert_voc_to_coco(str(tmp_path), classes=['arch'])
    assert coco['annotations'][0]['bbox'] == [10, 5, 20, 10]
    [note] = log.problems
    assert note.kind == 'exif_orientation' and not note.skipped
    assert 'orientation 3' in note.message
    coco, _ = convert_voc_to_coco(
        str(tmp_path), classes=['arch'], exif_rotate_boxes=True)
    x, y, w, h = coco['annotations'][0]['bbox']
    assert [x, y, x + w, y + h] == displayed_box == [70, 25, 90, 35]


@pytest.mark.parametrize('ext', ['.jpg', '.tif'])
def test_csv_row_on_the_stored_frame_is_named_by_row(tmp_path, ext):
    path = write_oriented(tmp_path / f'photo{ext}', 8)
    _, _, displayed_box = white_box_as_opencv_decodes(path)
    csv_file = tmp_path / 'boxes.csv'
    csv_file.write_text('filename,width,height,class,xmin,ymin,xmax,ymax\n'
                        f'photo{ext},100,40,arch,10,5,30,15\n')
    coco, log = convert_csv_to_coco(str(csv_file), str(tmp_path))
    assert coco['annotations'] == []
    [problem] = log.problems
    assert (problem.kind, problem.where) == ('exif_orientation', 'row 2')
    coco, _ = convert_csv_to_coco(
        str(csv_file), str(tmp_path), exif_rotate_boxes=True)
    x, y, w, h = coco['annotations'][0]['bbox']
    assert [x, y, x + w, y + h] == displayed_box
