"""The report folder without a browser: the page's tables and gallery
data, the thumbnails, unreadable photos, atomic replacement, the tool."""
import json
import os
import re

import cv2
import pytest
from report_test_data import CLS_CONFIG, DET_CONFIG

from landmark.report import (GalleryItem, RunMetrics, TaskReport,
                             ThumbnailSpec, build_report, render_index_html,
                             write_report_folder)


def gallery_data(page: str) -> list:
    found = re.search(
        r'<script type="application/json" id="gallery-data">(.*?)</script>',
        page, re.S)
    return json.loads(found.group(1))


def test_detection_report_folder(detection_set, detection_pickle, tmp_path):
    out = str(tmp_path / 'report')
    report = build_report(
        DET_CONFIG, [detection_pickle, detection_pickle],
        names=['plain', 'tta'],
        data_root=detection_set)
    written = write_report_folder(report, out, workers=1)
    assert written['thumbnails'] == 3 and written['unreadable'] == 0
    page = open(os.path.join(out, 'index.html'), encoding='utf-8').read()
    # 8 metrics, the two files side by side; a row per class
    assert page.count('class="metric-row"') == 8
    assert '<th title="' + detection_pickle + '">tta</th>' in page
    assert page.count('class="class-row"') == 3
    assert 'http://' not in page and 'https://' not in page  # no network
    items = gallery_data(page)
    assert [(i['k'], i['w'])
            for i in items] == [('photo_1.jpg', 'wrong class'),
                                ('photo_2.jpg', 'right'),
                                ('photo_0.jpg', 'right')]
    assert items[0]['v'] == [['plain', 'wrong class'], ['tta', 'wrong class']]
    assert items[0]['c'] == ['dome']
    # thumbnails of one size; the wrong answer framed red, the right not
    wrong = cv2.imread(os.path.join(out, items[0]['t']))
    right = cv2.imread(os.path.join(out, items[2]['t']))
    assert wrong.shape == right.shape == (192, 256, 3)
    b, g, r = (int(v) for v in wrong[1, 128])
    assert r > 200 and b < 60 and g < 60
    b, g, r = (int(v) for v in right[1, 128])
    assert not (r > 200 and b < 60 and g < 60)
    assert not [n for n in os.listdir(tmp_path) if '.tmp-' in n]


def test_unreadable_photo_is_named_and_the_report_goes_on(
        detection_set, detection_pickle, tmp_path):
    photo = os.path.join(detection_set, 'images', 'photo_0.jpg')
    with open(photo, 'r+b') as f:
        f.truncate(100)  # cut short after its header
    out = str(tmp_path / 'report')
    report = build_report(
        DET_CONFIG, [detection_pickle], data_root=detection_set)
    written = write_report_folder(report, out, workers=1)
    assert written['unreadable'] == 1 and written['thumbnails'] == 2
    page = open(os.path.join(out, 'index.html'), encoding='utf-8').read()
    assert 'Problems (1)' in page and photo in page
    bad = [i for i in gallery_data(page) if i['k'] == 'photo_0.jpg'][0]
    assert bad['w'] == 'unreadable' and bad['t'] is None
    assert 'not a readable image' in bad['bad']
    assert len(os.listdir(os.path.join(out, 'thumbnails'))) == 2


def test_earlier_report_replaced_other_folders_refused(detection_set,
                                                       detection_pickle,
                                                       tmp_path):
    report = build_report(
        DET_CONFIG, [detection_pickle], data_root=detection_set)
    out = tmp_path / 'report'
    out.mkdir()
    (out / 'index.html').write_text('old report')
    (out / 'stale.txt').write_text('from the old report')
    write_report_folder(report, str(out), workers=1)
    assert 'old report' not in (out / 'index.html').read_text()
    assert not (out / 'stale.txt').exists()
    assert sorted(os.listdir(tmp_path)) == ['det', 'det.pkl', 'report']
    mine = tmp_path / 'mine'
    mine.mkdir()
    (mine / 'notes.txt').write_text('keep me')
    with pytest.raises(ValueError, match='holds files but no index.html'):
        write_report_folder(report, str(mine), workers=1)
    assert (mine / 'notes.txt').read_text() == 'keep me'
    assert sorted(os.listdir(mine)) == ['notes.txt']


def test_confusion_matrix_in_the_page(classification_set, tmp_path):
    path = tmp_path / 'preds.csv'
    path.write_text('image,label,score\na0.jpg,a,0.9\na1.jpg,b,0.7\n'
                    'b0.jpg,b,0.8\nb1.jpg,b,0.6\n')
    report = build_report(
        CLS_CONFIG, [str(path)], data_root=classification_set)
    page = render_index_html(report, {}, {})
    table = re.search(r'<table id="confusion-0".*?</table>', page).group(0)
    # rows true a, b; columns predicted a, b: [[1, 1], [0, 2]]
    assert re.findall(r'>(\d+)</td>', table) == ['1', '1', '0', '2']


def test_page_text_is_escaped():
    # a file name that closes the script or opens a tag stays text
    item = GalleryItem('</script><b>x', ['<i>cls'], 'a', 'wrong', 1.0,
                       'caption <u>', ThumbnailSpec('label', 'p.jpg', True))
    report = TaskReport('classification', 'T <b>', ['<i>cls'],
                        [RunMetrics('run <1>', 'f', {'accuracy (%)': 50.0})],
                        [item], 1)
    page = render_index_html(report, {}, {})
    assert '</script><b>' not in page and '<i>cls' not in page
    assert '<u>' not in page and 'run <1>' not in page
    assert gallery_data(page)[0]['k'] == '</script><b>x'


def test_tool_writes_the_report_and_names_bad_input(detection_set,
                                                    detection_pickle, tmp_path,
                                                    capsys):
    import importlib.util
    spec = importlib.util.spec_from_file_location(
        'report_tool',
        os.path.join(
            os.path.dirname(DET_CONFIG), '..', '..', 'tools', 'report.py'))
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    out = str(tmp_path / 'r')
    assert tool.main([
        DET_CONFIG, detection_pickle, '--data-root', detection_set,
        '--out-dir', out, '--workers', '1'
    ]) == 0
    assert f'{out}/index.html' in capsys.readouterr().out
    missing = str(tmp_path / 'nope.pkl')
    assert tool.main([DET_CONFIG, missing, '--out-dir', out]) == 2
    assert capsys.readouterr().err.strip() == (
        f"error: prediction file '{missing}' does not exist")


def test_demo_ends_with_the_report_of_its_validation_photos(
        detection_set, detection_pickle, tmp_path, capsys):
    import shutil

    from landmark.detection.apis import demo

    # make demo's last step, on the predictions.pkl its step 5 writes
    out_dir = tmp_path / 'demo'
    out_dir.mkdir()
    shutil.copy(detection_pickle, out_dir / 'predictions.pkl')
    index = demo.write_demo_report(DET_CONFIG, detection_set, str(out_dir))
    assert index == str(out_dir / 'report' / 'index.html')
    assert len(gallery_data(open(index, encoding='utf-8').read())) == 3
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f'[8/{demo.DEMO_STEPS}] Writing the report')
    assert lines[-1] == f'  open in a browser: {index}'
