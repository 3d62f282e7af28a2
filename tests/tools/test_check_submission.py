"""tools/check_submission.py: exit codes and the problems it names."""
import json

import pytest

from landmark.testing import load_tool, run_tool


@pytest.mark.slow
def test_check_submission_names_each_bad_row(tmp_path):
    ann = tmp_path / 'val.json'
    ann.write_text(
        json.dumps(
            dict(
                images=[
                    dict(id=i, file_name=f'img_{i}.jpg', width=100, height=50)
                    for i in (1, 2, 3)
                ],
                annotations=[],
                categories=[dict(id=1, name='tower'),
                            dict(id=2, name='dome')])))
    sub = tmp_path / 'submission.csv'
    sub.write_text('ImageID,label,x,y,w,h\n'
                   'img_1,tower,10,10,20,20\n'
                   'img_1,dome,10,10,20,20\n'  # duplicate
                   'img_2,castle,0,0,10,10\n'  # unknown class
                   'img_9,dome,0,0,10,10\n'  # unknown image; img_3 missing
                   )
    result = run_tool('tools/check_submission.py', str(sub), '--ann-file',
                      str(ann), '--box-format', 'xywh', '--columns',
                      'image_id=ImageID', 'label', 'x', 'y', 'w', 'h')
    assert result.returncode == 1, result.stderr
    out = result.stdout
    assert '4 row(s)' in out and '4 problem(s)' in out
    assert "[duplicate_image] row 3, image 'img_1'" in out
    assert "[unknown_class] row 4, image 'img_2'" in out
    assert "[unknown_image] row 5, image 'img_9'" in out
    assert "[missing_image] image 'img_3'" in out

    good = tmp_path / 'good.csv'
    good.write_text('ImageID,label,x,y,w,h\nimg_1,tower,10,10,20,20\n'
                    'img_2,dome,0,0,100,50\nimg_3,,,,,\n')
    # in-process: the same main() the subprocess ran
    tool = load_tool('check_submission')
    assert tool.main([
        str(good), '--ann-file',
        str(ann), '--box-format', 'xywh', '--columns', 'image_id=ImageID',
        'label', 'x', 'y', 'w', 'h'
    ]) == 0
    # a header that matches no format is an exit code 1 naming row 1
    assert tool.main([str(good), '--ann-file', str(ann)]) == 1
    assert tool.main([str(tmp_path / 'missing.csv')]) == 2


def test_img_dir_with_unreadable_files_is_checked_and_names_them(
        tmp_path, capsys, monkeypatch):
    import cv2
    import numpy as np

    from landmark.core import image_files
    # the tool sets the process-wide decode limit; restored after the test
    monkeypatch.setattr(image_files, 'MAX_DECODE_PIXELS',
                        image_files.MAX_DECODE_PIXELS)
    photos = tmp_path / 'photos'
    photos.mkdir()
    for name, (width, height) in dict(a=(100, 50), big=(300, 200)).items():
        cv2.imwrite(str(photos / f'{name}.jpg'),
                    np.zeros((height, width, 3), np.uint8))
    (photos / 'broken.jpg').write_bytes(b'\xff\xd8 not a photo')
    (photos / 'empty.png').write_bytes(b'')
    sub = tmp_path / 'submission.csv'
    sub.write_text('image_id,label,score,x1,y1,x2,y2\n'
                   'a,tower,0.9,10,10,200,40\n'  # outside the 100x50 photo
                   'big,tower,0.9,0,0,250,150\n'
                   'broken,tower,0.9,0,0,10,10\n')  # empty.png has no row
    tool = load_tool('check_submission')
    code = tool.main([
        str(sub), '--img-dir',
        str(photos), '--classes', 'tower', '--max-decode-pixels', '50000'
    ])
    out = capsys.readouterr().out
    assert code == 1
    # the submission itself was checked: a box outside, a missing image
    assert "[box_outside] row 2, image 'a'" in out
    assert "[missing_image] image 'empty'" in out
    # then each unreadable file on one line: not a photo, empty, and one
    # above the 50,000-pixel limit given (300x200 = 60,000)
    assert '3 image file(s) in' in out
    lines = [line for line in out.splitlines() if '[unreadable_image' in line]
    assert len(lines) == 3
    assert [n for n in ('big.jpg', 'broken.jpg', 'empty.png')
            if any(n in line for line in lines)] == [
                'big.jpg', 'broken.jpg', 'empty.png']
    assert any('300x200' in line and '--max-decode-pixels' in line
               for line in lines)
    assert 'Traceback' not in out
