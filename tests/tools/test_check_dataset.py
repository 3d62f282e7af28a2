"""tools/check_dataset.py: a full decode by default (--fast for headers
only, said in the summary), --max-decode-pixels, and --out writing the data
set without what was skipped."""
import json
import shutil

import cv2
import numpy as np
import pytest

from landmark.core import image_files
from landmark.testing import load_tool, run_tool, write_truncated_jpeg


@pytest.fixture(scope='module')
def check_tool():
    return load_tool('check_dataset')


@pytest.fixture
def broken_set(tiny_landmarks, tmp_path):
    """The tiny val set (5 photos, 1 box each) with one photo truncated
    after its header, one missing and one box of zero area."""
    img_dir = tmp_path / 'images'
    shutil.copytree(f'{tiny_landmarks}/images', img_dir)
    coco = json.loads(open(f'{tiny_landmarks}/annotations/val.json').read())
    names = [im['file_name'] for im in coco['images']]
    truncated, missing = names[0], names[1]
    write_truncated_jpeg(
        str(img_dir / truncated), image=cv2.imread(str(img_dir / truncated)))
    (img_dir / missing).unlink()
    coco['annotations'][2]['bbox'][2] = 0  # zero width
    ann = tmp_path / 'val.json'
    ann.write_text(json.dumps(coco))
    return dict(
        ann=str(ann),
        img_dir=str(img_dir),
        coco=coco,
        truncated=truncated,
        missing=missing)


def test_out_writes_the_set_without_the_skipped_items(check_tool, broken_set,
                                                      tmp_path, capsys):
    clean = tmp_path / 'clean' / 'val.json'
    argv = [broken_set['ann'], '--img-dir', broken_set['img_dir']]
    assert check_tool.main(argv + ['--out', str(clean)]) == 1
    out = capsys.readouterr().out
    assert broken_set['truncated'] in out and 'unreadable_image' in out
    assert 'missing_image' in out and 'empty_box' in out
    assert 'images checked by a full decode' in out
    # 5 photos - truncated - missing = 3; 5 boxes - their 2 - the empty 1
    assert (f'Wrote {clean}: 3 images, 2 boxes (dropped 2 images and 3 '
            'boxes)') in out
    written = json.loads(clean.read_text())
    kept = [im['file_name'] for im in written['images']]
    assert kept == [im['file_name'] for im in broken_set['coco']['images']][2:]
    assert {a['image_id']
            for a in written['annotations']
            } == {im['id']
                  for im in written['images']
                  } - {broken_set['coco']['annotations'][2]['image_id']}
    assert written['categories'] == broken_set['coco']['categories']
    # the clean file checks clean
    assert check_tool.main([str(clean), '--img-dir',
                            broken_set['img_dir']]) == 0


def test_fast_reads_headers_only_and_says_so(check_tool, broken_set, capsys):
    argv = [broken_set['ann'], '--img-dir', broken_set['img_dir'], '--fast']
    assert check_tool.main(argv) == 1  # the missing photo, the empty box
    out = capsys.readouterr().out
    assert broken_set['truncated'] not in out
    assert 'header only (--fast)' in out and 'images: 4' in out


def test_pixel_limit_names_and_skips_the_photos(check_tool, broken_set, capsys,
                                                monkeypatch):
    # the tool sets the process-wide limit: later tests get it back
    monkeypatch.setattr(image_files, 'MAX_DECODE_PIXELS',
                        image_files.MAX_DECODE_PIXELS)
    argv = [
        broken_set['ann'], '--img-dir', broken_set['img_dir'],
        '--max-decode-pixels', '5000', '--fast'
    ]
    assert check_tool.main(argv) == 1
    out = capsys.readouterr().out
    # the tiny photos are 96x128, 128x96 or 112x112: all above 5000 pixels
    assert out.count('above the limit of 0.005 MP') == 4
    assert 'images: 0' in out


def test_bad_flags_and_a_bad_file_in_a_subprocess(broken_set, tmp_path):
    result = run_tool('tools/check_dataset.py', broken_set['ann'], '--img-dir',
                      broken_set['img_dir'], '--max-decode-pixels', '0')
    assert result.returncode == 2
    assert "'0': expected a positive number of pixels" in result.stderr
    bad = tmp_path / 'bad.json'
    bad.write_text('{"images": [}')
    result = run_tool('tools/check_dataset.py', str(bad), '--img-dir',
                      broken_set['img_dir'])
    assert result.returncode == 2
    assert result.stderr.strip().startswith(f'error: {bad}: not valid JSON')
    assert 'Traceback' not in result.stderr


def test_wrong_types_in_the_json_are_named(check_tool, tmp_path, capsys):
    cv2.imwrite(str(tmp_path / 'a.jpg'), np.zeros((60, 80, 3), np.uint8))
    coco = dict(
        categories=[dict(id=1, name='arch')],
        images=[dict(id=1, file_name='a.jpg', width='80', height=60)],
        annotations=[
            dict(id=1, image_id=1, category_id=[1], bbox=[0, 0, 4, 4]),
            dict(id=2, image_id=1, category_id=1, bbox=[0, 0, 'x', 4]),
            dict(id=3, image_id=1, category_id=1, bbox=[0, 0, 4, 4]),
        ])
    ann = tmp_path / 'types.json'
    ann.write_text(json.dumps(coco))
    assert check_tool.main([str(ann), '--img-dir', str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "annotation says '80'x60 but" in out
    assert 'category_id [1] is not one of [1]' in out
    assert "box [0, 0, 'x', 4]: expected four finite numbers" in out
    assert 'boxes: 1' in out
    coco['images'][0]['id'] = [1]
    ann.write_text(json.dumps(coco))
    assert check_tool.main([str(ann), '--img-dir', str(tmp_path)]) == 2
    assert 'images[0]["id"] is [1]; expected a number or a name' in \
        capsys.readouterr().err
