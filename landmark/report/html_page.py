"""The report's ``index.html``: one self-contained page (inline CSS and
plain JavaScript, no CDN, no network) with the metrics of every prediction
file side by side, the per-class tables, the confusion matrices and a
paged gallery that sorts and filters by class and by error.

The gallery's state lives in the URL's fragment (``index.html#class=cat&
kind=wrong&sort=name&page=2``): opening such a link applies it through the
same controls a click changes. What the gallery shows is also written into
the page (``#gallery-status``: ``data-shown``, ``data-total``,
``data-page``, ``data-pages``, ``data-cards``), and JavaScript errors and
the thumbnails loaded or not found are counted in the ``data-js-errors``,
``data-thumbnails-loaded`` and ``data-thumbnails-failed`` attributes of
``<html>``, so a headless browser's DOM says what a person would see.
"""
import datetime
import html
import json
import math
from typing import Dict, List, Optional, Sequence

import numpy as np

from landmark.report.report_data import (RIGHT, UNREADABLE, GalleryItem,
                                         RunMetrics, TaskReport)

PAGE_SIZE = 60  # gallery cards per page
# metrics shown as whole numbers
COUNT_LABELS = ('images', 'queries', 'images without a prediction')

CSS = """
body{font:14px/1.4 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;
 color:#1d1d1f;background:#f6f6f7}
header,main{max-width:1280px;margin:0 auto;padding:12px 20px}
header{background:#1f2933;color:#fff;max-width:none}
header h1{margin:0 0 4px;font-size:20px}
header p{margin:2px 0;color:#cbd2d9;font-size:13px}
h2{font-size:17px;margin:22px 0 8px}
table{border-collapse:collapse;background:#fff;margin-bottom:8px}
th,td{border:1px solid #d9dde1;padding:3px 8px;text-align:right}
th:first-child,td:first-child{text-align:left}
thead th{background:#eef1f4;position:sticky;top:0}
table.sortable thead th{cursor:pointer}
td.best{font-weight:700;background:#e3f6e6}
.confusions,.tables{display:flex;flex-wrap:wrap;gap:18px;
 align-items:flex-start}
table.confusion td{min-width:28px;text-align:center}
table.confusion td.diag{outline:2px solid #2f855a;outline-offset:-2px}
.problems li{font-family:ui-monospace,monospace;font-size:12px}
.controls{display:flex;flex-wrap:wrap;gap:10px;align-items:center;
 margin-bottom:8px}
.controls label{font-size:13px}
#gallery{display:grid;gap:10px;
 grid-template-columns:repeat(auto-fill,minmax(WIDTHpx,1fr))}
.card{margin:0;background:#fff;border:1px solid #d9dde1;border-radius:4px;
 overflow:hidden}
.card.wrong{border:2px solid #d62d20}
.card img,.card .missing{display:block;width:WIDTHpx;height:HEIGHTpx;
 margin:0 auto;background:#202020}
.card .missing{color:#fbb;font-size:12px;padding:8px;box-sizing:border-box;
 overflow:hidden}
.card figcaption{padding:4px 6px;font-size:12px;word-break:break-all}
.card .key{font-weight:600}
.kind{display:inline-block;padding:0 5px;border-radius:3px;
 background:#e3f6e6;color:#22543d}
.kind.err{background:#fde2e1;color:#9b1c1c}
.verdicts{color:#52606d}
"""

SCRIPT = r"""
(function () {
  'use strict';
  var root = document.documentElement;
  var errors = 0;
  window.addEventListener('error', function () {
    errors += 1;
    root.setAttribute('data-js-errors', String(errors));
  });
  root.setAttribute('data-js-errors', '0');
  var items = JSON.parse(document.getElementById('gallery-data').textContent);
  var pageSize = parseInt(document.getElementById('gallery').dataset.pageSize,
                          10);
  var thumbW = document.getElementById('gallery').dataset.thumbWidth;
  var thumbH = document.getElementById('gallery').dataset.thumbHeight;
  var controls = {
    'class': document.getElementById('filter-class'),
    'kind': document.getElementById('filter-kind'),
    'sort': document.getElementById('sort'),
    'q': document.getElementById('search')
  };
  var page = 0;
  var started = false;  // the fragment is read before it is written

  function matches(it) {
    var cls = controls['class'].value, kind = controls.kind.value;
    var q = controls.q.value.toLowerCase();
    if (cls && it.c.indexOf(cls) < 0) { return false; }
    if (kind === 'wrong' && it.w === 'right') { return false; }
    if (kind && kind !== 'wrong' && it.w !== kind) { return false; }
    if (q && it.k.toLowerCase().indexOf(q) < 0) { return false; }
    return true;
  }
  var sorters = {
    'error': function (a, b) { return b.e - a.e || a.i - b.i; },
    'best': function (a, b) { return a.e - b.e || a.i - b.i; },
    'name': function (a, b) { return a.k < b.k ? -1 : (a.k > b.k ? 1 : 0); },
    'class': function (a, b) {
      var x = a.c.join(','), y = b.c.join(',');
      return x < y ? -1 : (x > y ? 1 : b.e - a.e);
    }
  };
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function countImage(outcome) {
    var name = 'data-thumbnails-' + outcome;
    root.setAttribute(name, String(
      parseInt(root.getAttribute(name) || '0', 10) + 1));
  }
  function card(it) {
    var fig = el('figure', 'card' + (it.w === 'right' ? ' right' : ' wrong'));
    fig.setAttribute('data-key', it.k);
    fig.setAttribute('data-kind', it.w);
    fig.setAttribute('data-classes', it.c.join('|'));
    if (it.t) {
      var img = el('img');
      // a page holds few cards: its pictures load with the page, so a
      // missing one is counted (and logged) before the page has loaded
      img.addEventListener('load', function () { countImage('loaded'); });
      img.addEventListener('error', function () {
        countImage('failed');
        console.error('thumbnail not found: ' + it.t);
      });
      img.width = thumbW;
      img.height = thumbH;
      img.alt = it.k;
      img.src = it.t;
      fig.appendChild(img);
    } else {
      fig.appendChild(el('div', 'missing', it.bad || 'no picture'));
    }
    var cap = el('figcaption');
    cap.appendChild(el('div', 'key', it.k));
    cap.appendChild(el('span', 'kind' + (it.w === 'right' ? '' : ' err'),
                       it.w));
    cap.appendChild(el('div', '', it.cap));
    if (it.v.length > 1) {
      cap.appendChild(el('div', 'verdicts', it.v.map(function (v) {
        return v[0] + ': ' + v[1];
      }).join(' \u00b7 ')));
    }
    fig.appendChild(cap);
    return fig;
  }
  function writeHash() {
    var parts = [];
    if (controls['class'].value) {
      parts.push('class=' + encodeURIComponent(controls['class'].value));
    }
    if (controls.kind.value) {
      parts.push('kind=' + encodeURIComponent(controls.kind.value));
    }
    if (controls.sort.value !== 'error') {
      parts.push('sort=' + encodeURIComponent(controls.sort.value));
    }
    if (controls.q.value) {
      parts.push('q=' + encodeURIComponent(controls.q.value));
    }
    if (page) { parts.push('page=' + (page + 1)); }
    var hash = parts.length ? '#' + parts.join('&') : '';
    if (hash !== window.location.hash && window.history.replaceState) {
      window.history.replaceState(null, '', hash || window.location.pathname);
    }
  }
  function render() {
    var shown = items.filter(matches).sort(sorters[controls.sort.value]);
    var pages = Math.max(1, Math.ceil(shown.length / pageSize));
    page = Math.min(Math.max(page, 0), pages - 1);
    var gallery = document.getElementById('gallery');
    while (gallery.firstChild) { gallery.removeChild(gallery.firstChild); }
    shown.slice(page * pageSize, (page + 1) * pageSize).forEach(function (it) {
      gallery.appendChild(card(it));
    });
    var status = document.getElementById('gallery-status');
    status.setAttribute('data-shown', String(shown.length));
    status.setAttribute('data-total', String(items.length));
    status.setAttribute('data-page', String(page + 1));
    status.setAttribute('data-pages', String(pages));
    status.setAttribute('data-cards', String(gallery.children.length));
    status.textContent = shown.length + ' of ' + items.length +
      ' images \u00b7 page ' + (page + 1) + ' of ' + pages;
    document.getElementById('prev').disabled = page === 0;
    document.getElementById('next').disabled = page >= pages - 1;
    if (started) { writeHash(); }
  }
  function onFilter() { page = 0; render(); }
  ['class', 'kind', 'sort'].forEach(function (name) {
    controls[name].addEventListener('change', onFilter);
  });
  controls.q.addEventListener('input', onFilter);
  document.getElementById('prev').addEventListener('click', function () {
    page -= 1; render();
  });
  document.getElementById('next').addEventListener('click', function () {
    page += 1; render();
  });
  // the fragment sets the controls and fires their events, as a click does
  function readHash() {
    var wanted = {};
    window.location.hash.replace(/^#/, '').split('&').forEach(function (p) {
      var kv = p.split('=');
      if (kv[0]) { wanted[kv[0]] = decodeURIComponent(kv[1] || ''); }
    });
    ['class', 'kind', 'sort'].forEach(function (name) {
      var select = controls[name];
      var value = wanted[name] !== undefined ? wanted[name] :
        (name === 'sort' ? 'error' : '');
      var known = Array.prototype.some.call(select.options, function (o) {
        return o.value === value;
      });
      if (known && select.value !== value) {
        select.value = value;
        select.dispatchEvent(new Event('change'));
      }
    });
    if ((wanted.q || '') !== controls.q.value) {
      controls.q.value = wanted.q || '';
      controls.q.dispatchEvent(new Event('input'));
    }
    var wantedPage = Math.max(0, (parseInt(wanted.page, 10) || 1) - 1);
    if (wantedPage !== page) { page = wantedPage; render(); }
  }
  window.addEventListener('hashchange', readHash);
  // tables: a click on a heading sorts the rows by that column
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'),
    function (table) {
      var heads = table.querySelectorAll('thead tr:last-child th');
      Array.prototype.forEach.call(heads, function (th, col) {
          th.addEventListener('click', function () {
            var body = table.tBodies[0];
            var rows = Array.prototype.slice.call(body.rows);
            var up = th.getAttribute('data-order') !== 'asc';
            th.setAttribute('data-order', up ? 'asc' : 'desc');
            rows.sort(function (a, b) {
              var x = a.cells[col].getAttribute('data-value') ||
                a.cells[col].textContent;
              var y = b.cells[col].getAttribute('data-value') ||
                b.cells[col].textContent;
              var nx = parseFloat(x), ny = parseFloat(y);
              var cmp = (isNaN(nx) || isNaN(ny)) ? (x < y ? -1 : x > y ? 1 : 0)
                : nx - ny;
              return up ? cmp : -cmp;
            });
            rows.forEach(function (r) { body.appendChild(r); });
          });
        });
    });
  render();
  readHash();
  started = true;
  writeHash();
  root.setAttribute('data-ready', '1');
})();
"""


def format_value(label: str, value: float) -> str:
    """A metric as the tables show it: ``-`` for NaN, whole numbers for
    counts, 2 decimals for percentages, 3 otherwise."""
    value = float(value)
    if math.isnan(value):
        return '-'
    if label in COUNT_LABELS:
        return str(int(round(value)))
    if '%' in label:
        return f'{value:.2f}'
    return f'{value:.3f}'


def _cell(text: str, value: Optional[float] = None, cls: str = '') -> str:
    attrs = f' class="{cls}"' if cls else ''
    if value is not None and not math.isnan(float(value)):
        attrs += f' data-value="{float(value):.6g}"'
    return f'<td{attrs}>{html.escape(text)}</td>'


def metrics_table(runs: Sequence[RunMetrics]) -> str:
    """Metrics down, prediction files across; with several files the best
    value of each metric (not of the counts) is highlighted."""
    labels: List[str] = []
    for run in runs:
        labels += [k for k in run.summary if k not in labels]
    head = ''.join(f'<th title="{html.escape(r.source)}">'
                   f'{html.escape(r.name)}</th>' for r in runs)
    rows = []
    for label in labels:
        values = [run.summary.get(label, math.nan) for run in runs]
        finite = [v for v in values if not math.isnan(v)]
        best = max(finite) if len(runs) > 1 and finite and \
            label not in COUNT_LABELS else None
        cells = ''.join(
            _cell(format_value(label, v), v, 'best' if v == best else '')
            for v in values)
        rows.append(f'<tr class="metric-row"><th scope="row">'
                    f'{html.escape(label)}</th>{cells}</tr>')
    return ('<table id="metrics-table"><thead><tr><th>metric</th>'
            f'{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>')


def per_class_table(runs: Sequence[RunMetrics],
                    class_names: Sequence[str]) -> str:
    """A row per class, each prediction file's columns side by side."""
    names = [c for c in class_names if any(c in run.per_class for run in runs)]
    names += sorted({c for run in runs for c in run.per_class} - set(names))
    if not names:
        return ''
    group = ''.join(f'<th colspan="{len(r.per_class_columns)}">'
                    f'{html.escape(r.name)}</th>' for r in runs)
    columns = ''.join(f'<th>{html.escape(col)}</th>' for r in runs
                      for col in r.per_class_columns)
    rows = []
    for name in names:
        cells = []
        for run in runs:
            values = run.per_class.get(name, {})
            for col in run.per_class_columns:
                v = values.get(col, math.nan)
                shown = format_value(
                    'images' if col in ('images', 'queries') else col, v)
                cells.append(_cell(shown, v))
        rows.append(f'<tr class="class-row"><td>{html.escape(str(name))}'
                    f'</td>{"".join(cells)}</tr>')
    return ('<table id="per-class-table" class="sortable"><thead>'
            f'<tr><th rowspan="1"></th>{group}</tr>'
            f'<tr><th>class</th>{columns}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def confusion_table(run: RunMetrics, class_names: Sequence[str],
                    index: int) -> str:
    """The confusion matrix of one run: rows the true class, columns the
    predicted one, each cell shaded by its share of the row."""
    matrix = np.asarray(run.confusion)
    head = ''.join(f'<th>{html.escape(c)}</th>' for c in class_names)
    rows = []
    for i, name in enumerate(class_names):
        total = max(int(matrix[i].sum()), 1)
        cells = []
        for j, count in enumerate(matrix[i]):
            share = count / total
            colour = (f'rgba(47,133,90,{share:.2f})'
                      if i == j else f'rgba(214,45,32,{share:.2f})')
            cls = ' class="diag"' if i == j else ''
            cells.append(f'<td{cls} style="background:{colour}" '
                         f'title="true {html.escape(name)}, predicted '
                         f'{html.escape(class_names[j])}">{int(count)}</td>')
        rows.append(f'<tr><th scope="row">{html.escape(name)}</th>'
                    f'{"".join(cells)}</tr>')
    return (f'<table id="confusion-{index}" class="confusion"><caption>'
            f'{html.escape(run.name)}: rows true, columns predicted'
            f'</caption><thead><tr><th></th>{head}</tr></thead><tbody>'
            f'{"".join(rows)}</tbody></table>')


def gallery_records(items: Sequence[GalleryItem], thumbnails: Dict[int, str],
                    unreadable: Dict[int, str]) -> List[dict]:
    """The gallery as the page's script reads it (short keys keep a
    5,000-image page small)."""
    records = []
    for i, item in enumerate(items):
        records.append(
            dict(
                i=i,
                k=item.key,
                t=thumbnails.get(i),
                c=list(item.classes),
                w=UNREADABLE if i in unreadable else item.kind,
                e=round(float(item.error), 5),
                cap=item.caption,
                bad=unreadable.get(i),
                v=[list(v) for v in item.verdicts]))
    return records


def _options(values: Sequence[str], first: str) -> str:
    return f'<option value="">{first}</option>' + ''.join(
        f'<option value="{html.escape(v)}">{html.escape(v)}</option>'
        for v in values)


def render_index_html(report: TaskReport,
                      thumbnails: Dict[int, str],
                      unreadable: Dict[int, str],
                      thumb_size=(256, 192),
                      page_size: int = PAGE_SIZE) -> str:
    """The whole page.

    Args:
        report (TaskReport): What to show.
        thumbnails (dict[int, str]): Gallery index -> thumbnail path
            relative to the page.
        unreadable (dict[int, str]): Gallery index -> why its photo could
            not be drawn.
        thumb_size (tuple[int, int]): Thumbnail width and height.
        page_size (int): Cards per gallery page.
    """
    records = gallery_records(report.items, thumbnails, unreadable)
    kinds = sorted({r['w'] for r in records} - {RIGHT})
    classes = sorted({c for r in records for c in r['c']})
    # no '<' in the script's text: neither '</script' nor '<!--' can end
    # or change it
    data = json.dumps(records, separators=(',', ':')).replace('<', '\\u003c')
    notes = ''.join(f'<p>{html.escape(n)}</p>' for n in report.notes)
    confusions = ''.join(
        confusion_table(run, list(report.class_names), i)
        for i, run in enumerate(report.runs) if run.confusion is not None)
    per_class = per_class_table(report.runs, list(report.class_names))
    problems = ''
    if report.problems:
        # a long list stays folded under its count
        opened = ' open' if len(report.problems) <= 20 else ''
        problems = (
            f'<h2>Problems ({len(report.problems)})</h2><details{opened}>'
            '<summary>photos or predictions that could not be used'
            '</summary><ul id="problems" class="problems">' +
            ''.join(f'<li>{html.escape(src)}: {html.escape(reason)}</li>'
                    for src, reason in report.problems) + '</ul></details>')
    gallery_note = (f'the {len(report.items)} worst of '
                    f'{report.num_images} images' if len(report.items)
                    < report.num_images else f'all {report.num_images} images')
    css = CSS.replace('WIDTH',
                      str(thumb_size[0])).replace('HEIGHT', str(thumb_size[1]))
    written = datetime.datetime.now(
        datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(report.title)}</title>
<style>{css}</style>
</head>
<body>
<header>
<h1>{html.escape(report.title)}</h1>
<p>{html.escape(report.task)} · {report.num_images} images · written
{written}</p>
{notes}
</header>
<main>
<div class="tables">
<section><h2>Metrics</h2>
{metrics_table(report.runs)}</section>
{'<section><h2>Per class</h2>' + per_class + '</section>' if per_class
 else ''}
</div>
{'<h2>Confusion matrix</h2><div class="confusions">' + confusions + '</div>'
 if confusions else ''}
{problems}
<h2>Gallery: {html.escape(gallery_note)}, judged on
{html.escape(report.runs[0].name)}</h2>
<div class="controls">
<label>class <select id="filter-class">{_options(classes, 'all classes')}
</select></label>
<label>error <select id="filter-kind"><option value="">all</option>
<option value="wrong">any error</option><option value="right">right</option>
{''.join(f'<option value="{html.escape(k)}">{html.escape(k)}</option>'
         for k in kinds)}</select></label>
<label>sort <select id="sort"><option value="error">worst first</option>
<option value="best">best first</option><option value="name">name</option>
<option value="class">class</option></select></label>
<label>name <input id="search" type="search" placeholder="file name">
</label>
<button id="prev" type="button">&larr; previous</button>
<button id="next" type="button">next &rarr;</button>
<span id="gallery-status"></span>
</div>
<div id="gallery" data-page-size="{int(page_size)}"
 data-thumb-width="{int(thumb_size[0])}"
 data-thumb-height="{int(thumb_size[1])}"></div>
</main>
<script type="application/json" id="gallery-data">{data}</script>
<script>{SCRIPT}</script>
</body>
</html>
"""
