"""The data tools run as a user runs them: in a subprocess, exit codes and
messages included."""
import json
import os.path as osp

import cv2
import numpy as np

from landmark.testing import run_tool, write_truncated_jpeg


def test_voc_to_coco_skips_bad_items_and_exits_nonzero(tmp_path):
    cv2.imwrite(str(tmp_path / 'a.jpg'), np.zeros((60, 80, 3), np.uint8))
    (tmp_path / 'a.xml').write_text(
        '<annotation><filename>a.jpg</filename><object><name>arch</name>'
        '<bndbox><xmin>1</xmin><ymin>1</ymin><xmax>9</xmax><ymax>9</ymax>'
        '</bndbox></object></annotation>')
    (tmp_path /
     'b.xml').write_text('<annotation><filename>b.jpg</filename></annotation>')
    out = tmp_path / 'out' / 'coco.json'
    result = run_tool('tools/dataset_converters/voc_to_coco.py', str(tmp_path),
                      '--out', str(out))
    assert result.returncode == 1, result.stderr
    assert 'missing_image' in result.stdout and 'b.xml' in result.stdout
    coco = json.loads(out.read_text())
    assert len(coco['images']) == 1 and len(coco['annotations']) == 1


def test_csv_to_coco_wrong_column_is_a_clear_error(tmp_path):
    csv_file = tmp_path / 'boxes.csv'
    csv_file.write_text('file,width,height,class,xmin,ymin,xmax,ymax\n')
    result = run_tool('tools/dataset_converters/csv_to_coco.py', str(csv_file),
                      '--img-dir', str(tmp_path), '--out',
                      str(tmp_path / 'c.json'))
    assert result.returncode == 2
    assert "boxes.csv: missing column(s) ['filename']" in result.stderr
    assert not (tmp_path / 'c.json').exists()


def test_check_dataset_prints_summary(tiny_landmarks):
    result = run_tool('tools/check_dataset.py',
                      osp.join(tiny_landmarks, 'annotations', 'train.json'),
                      '--img-dir', osp.join(tiny_landmarks, 'images'))
    assert result.returncode == 0, result.stderr
    assert 'images: 10    boxes: 10    classes: 5' in result.stdout
    assert 'No problems found.' in result.stdout


def test_check_dataset_reports_a_corrupt_image(tiny_landmarks, tmp_path):
    coco = json.loads(
        open(osp.join(tiny_landmarks, 'annotations', 'val.json')).read())
    img_dir = tmp_path / 'images'
    img_dir.mkdir()
    for im in coco['images']:
        src = osp.join(tiny_landmarks, 'images', im['file_name'])
        (img_dir / im['file_name']).write_bytes(open(src, 'rb').read())
    # the first photo cut short: its header (and size) still reads
    bad = coco['images'][0]['file_name']
    write_truncated_jpeg(
        str(img_dir / bad), image=cv2.imread(str(img_dir / bad)))
    ann = tmp_path / 'val.json'
    ann.write_text(json.dumps(coco))
    result = run_tool('tools/check_dataset.py', str(ann), '--img-dir',
                      str(img_dir))
    assert result.returncode == 1
    assert 'unreadable_image' in result.stdout and bad in result.stdout
    assert 'images: 4' in result.stdout


def test_split_tool_writes_both_files(tiny_landmarks, tmp_path):
    result = run_tool('tools/dataset_converters/split_coco.py',
                      osp.join(tiny_landmarks, 'annotations', 'train.json'),
                      '--val-fraction', '0.3', '--out-dir', str(tmp_path))
    assert result.returncode == 0, result.stderr
    train = json.loads((tmp_path / 'train.json').read_text())
    val = json.loads((tmp_path / 'val.json').read_text())
    assert (len(train['images']), len(val['images'])) == (7, 3)
