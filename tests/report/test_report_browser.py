"""The report in a real browser: headless Chromium (Debian's ``chromium``,
``make setup-browser``) opens index.html from disk, the test reads the
DOM it rendered: row counts, the gallery after a filter, sort or page is
applied through the page's controls (the URL fragment sets them and fires
their ``change`` events, as a click does), and no console message."""
import os
import re
import subprocess

import pytest
from report_test_data import DET_CONFIG

CHROMIUM = '/usr/bin/chromium'
HEADLESS_FLAGS = ('--headless', '--no-sandbox', '--disable-gpu',
                  '--disable-quic', '--no-first-run',
                  '--disable-background-networking',
                  '--disable-component-update', '--disable-sync')

pytestmark = pytest.mark.skipif(
    not os.path.exists(CHROMIUM),
    reason=f'browser test: {CHROMIUM} not found (make setup-browser '
    'installs Debian\'s chromium)')


def render(page: str, fragment: str, profile: str) -> tuple:
    """The DOM Chromium rendered for ``page#fragment`` and its console
    lines."""
    os.makedirs(profile)  # an empty profile each time
    result = subprocess.run([
        CHROMIUM, *HEADLESS_FLAGS, f'--user-data-dir={profile}',
        '--enable-logging=stderr', '--v=0', '--dump-dom',
        f'file://{page}{fragment}'
    ],
                            capture_output=True,
                            text=True,
                            timeout=90)
    assert result.returncode == 0, result.stderr[-2000:]
    console = [
        line for line in result.stderr.splitlines() if ':CONSOLE' in line
    ]
    return result.stdout, console


def status(dom: str) -> dict:
    tag = re.search(r'<span id="gallery-status"([^>]*)>', dom).group(1)
    return {k: int(v) for k, v in re.findall(r'data-(\w+)="(\d+)"', tag)}


def cards(dom: str) -> list:
    return re.findall(
        r'<figure class="card[^"]*" data-key="([^"]+)" '
        r'data-kind="([^"]+)" data-classes="([^"]*)"', dom)


@pytest.fixture
def report_page(detection_set, detection_pickle, tmp_path):
    from landmark.report import build_report, write_report_folder
    report = build_report(
        DET_CONFIG, [detection_pickle, detection_pickle],
        names=['plain', 'tta'],
        data_root=detection_set)
    out = str(tmp_path / 'report')
    write_report_folder(report, out, page_size=2, workers=1)
    return os.path.join(out, 'index.html')


def test_report_renders_filters_sorts_and_pages(report_page, tmp_path):
    profiles = iter(str(tmp_path / f'profile{i}') for i in range(10))
    dom, console = render(report_page, '', next(profiles))
    assert console == []  # no error, no failed thumbnail, nothing logged
    assert 'data-js-errors="0"' in dom and 'data-ready="1"' in dom
    assert len(re.findall(r'<tr class="metric-row">', dom)) == 8
    assert len(re.findall(r'<tr class="class-row">', dom)) == 3
    # 3 photos, 2 cards a page, worst first
    assert status(dom) == dict(shown=3, total=3, page=1, pages=2, cards=2)
    assert [c[0] for c in cards(dom)] == ['photo_1.jpg', 'photo_2.jpg']
    assert len(re.findall(r'<img [^>]*src="thumbnails/\d+\.jpg"', dom)) == 2
    # both pictures of the page loaded, none missing
    assert 'data-thumbnails-loaded="2"' in dom
    assert 'data-thumbnails-failed' not in dom

    # the class filter: only the dome photo is left
    dom, console = render(report_page, '#class=dome', next(profiles))
    assert console == []
    assert status(dom)['shown'] == 1
    assert cards(dom) == [('photo_1.jpg', 'wrong class', 'dome')]

    # the error filter and the name sort
    dom, console = render(report_page, '#kind=right&sort=name', next(profiles))
    assert console == []
    assert [c[:2] for c in cards(dom)] == [('photo_0.jpg', 'right'),
                                           ('photo_2.jpg', 'right')]

    # the second page
    dom, console = render(report_page, '#page=2', next(profiles))
    assert console == []
    assert status(dom)['page'] == 2
    assert [c[0] for c in cards(dom)] == ['photo_0.jpg']
