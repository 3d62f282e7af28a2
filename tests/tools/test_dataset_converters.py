"""The converter tools' flags, called as ``main(argv)`` in this process:
--fast (said in the summary), --max-decode-pixels, --exif-rotate-boxes,
--strict and a missing folder (one line, exit 2)."""
import json

import cv2
import numpy as np
import pytest
from PIL import Image

from landmark.core import image_files
from landmark.testing import load_tool, write_truncated_jpeg


@pytest.fixture(scope='module')
def voc_tool():
    return load_tool('dataset_converters/voc_to_coco')


@pytest.fixture(scope='module')
def folder_tool():
    return load_tool('dataset_converters/images_to_coco')


def write_voc(folder, stem, size, box):
    (folder / f'{stem}.xml').write_text(
        f'<annotation><filename>{stem}.jpg</filename><size><width>{size[0]}'
        f'</width><height>{size[1]}</height></size><object><name>arch'
        '</name><bndbox><xmin>{}</xmin><ymin>{}</ymin><xmax>{}</xmax><ymax>'
        '{}</ymax></bndbox></object></annotation>'.format(*box))


def test_fast_lists_a_truncated_photo_and_says_why(folder_tool, tmp_path,
                                                   capsys):
    cv2.imwrite(str(tmp_path / 'a.jpg'), np.zeros((30, 40, 3), np.uint8))
    write_truncated_jpeg(str(tmp_path / 'b.jpg'))
    out = str(tmp_path / 'out.json')
    assert folder_tool.main([str(tmp_path), '--out', out]) == 1
    assert 'b.jpg' in capsys.readouterr().out
    assert folder_tool.main([str(tmp_path), '--out', out, '--fast']) == 0
    assert 'header only (--fast)' in capsys.readouterr().out
    assert len(json.load(open(out))['images']) == 2


def test_max_decode_pixels_names_the_photo(folder_tool, tmp_path, capsys,
                                           monkeypatch):
    # the tool sets the process-wide limit: later tests get it back
    monkeypatch.setattr(image_files, 'MAX_DECODE_PIXELS',
                        image_files.MAX_DECODE_PIXELS)
    cv2.imwrite(str(tmp_path / 'small.jpg'), np.zeros((30, 40, 3), np.uint8))
    cv2.imwrite(str(tmp_path / 'large.jpg'), np.zeros((60, 80, 3), np.uint8))
    out = str(tmp_path / 'out.json')
    argv = [str(tmp_path), '--out', out, '--max-decode-pixels', '2000']
    assert folder_tool.main(argv) == 1
    report = capsys.readouterr().out
    assert 'large.jpg' in report and '80x60' in report
    assert [im['file_name']
            for im in json.load(open(out))['images']] == ['small.jpg']


def test_exif_rotate_boxes_flag(voc_tool, tmp_path, capsys):
    exif = Image.Exif()
    exif[0x0112] = 6  # shown turned 90 degrees clockwise: 40x100
    Image.new('RGB', (100, 40)).save(tmp_path / 'p.jpg', exif=exif.tobytes())
    write_voc(tmp_path, 'p', (100, 40), (10, 5, 30, 15))  # stored frame
    out = str(tmp_path / 'out.json')
    assert voc_tool.main([str(tmp_path), '--out', out]) == 1
    assert '--exif-rotate-boxes' in capsys.readouterr().out
    assert voc_tool.main([str(tmp_path), '--out', out,
                          '--exif-rotate-boxes']) == 0
    [ann] = json.load(open(out))['annotations']
    assert ann['bbox'] == [25, 10, 10, 20]  # [25, 10, 35, 30] as x, y, w, h


def test_strict_and_missing_folder_are_one_line(voc_tool, tmp_path, capsys):
    cv2.imwrite(str(tmp_path / 'a.jpg'), np.zeros((60, 80, 3), np.uint8))
    write_voc(tmp_path, 'a', (80, 60), (9, 9, 1, 1))  # swapped corners
    out = tmp_path / 'out.json'
    assert voc_tool.main([str(tmp_path), '--out', str(out), '--strict']) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith('error: [empty_box, skipped]')
    assert voc_tool.main([str(tmp_path / 'gone'), '--out', str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"error: annotation folder '{tmp_path / 'gone'}' does not " \
        'exist'
    assert not out.exists()


def test_missing_image_folder_and_a_non_utf8_csv_are_one_line(
        voc_tool, tmp_path, capsys):
    write_voc(tmp_path, 'a', (80, 60), (1, 1, 9, 9))
    out = tmp_path / 'out.json'
    gone = tmp_path / 'images'
    argv = [str(tmp_path), '--img-dir', str(gone), '--out', str(out)]
    assert voc_tool.main(argv) == 2
    assert capsys.readouterr().err.strip() == \
        f"error: image folder '{gone}' does not exist"

    csv_tool = load_tool('dataset_converters/csv_to_coco')
    csv_file = tmp_path / 'latin1.csv'
    csv_file.write_bytes(b'filename,width,height,class,xmin,ymin,xmax,ymax\n'
                         b'caf\xe9.jpg,80,60,arch,1,1,9,9\n')
    argv = [str(csv_file), '--img-dir', str(tmp_path), '--out', str(out)]
    assert csv_tool.main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f'error: {csv_file}: not a UTF-8 CSV file')
    assert len(err.splitlines()) == 1 and not out.exists()
