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
