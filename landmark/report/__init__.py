"""A static HTML report of a test run (``tools/report.py``): metrics of
one or more prediction files side by side, per-class tables, confusion
matrices and a gallery of the worst images, in one folder."""
from landmark.report.html_page import render_index_html
from landmark.report.report_data import (RIGHT, UNREADABLE, GalleryItem,
                                         RunMetrics, ScoredRun, TaskReport,
                                         ThumbnailSpec)
from landmark.report.report_writer import (NUM_GALLERY, build_report,
                                           run_names, write_report_folder)
from landmark.report.thumbnails import THUMB_SIZE, draw_thumbnail

__all__ = [
    'render_index_html', 'RIGHT', 'UNREADABLE', 'GalleryItem', 'RunMetrics',
    'ScoredRun', 'TaskReport', 'ThumbnailSpec', 'NUM_GALLERY', 'build_report',
    'run_names', 'write_report_folder', 'THUMB_SIZE', 'draw_thumbnail'
]
