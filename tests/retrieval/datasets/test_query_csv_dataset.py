"""QueryCsvDataset: a query's ground truth is its landmark's gallery
images, indexed as the gallery's own dataset reads them."""
import cv2
import numpy as np
from mmpretrain.registry import DATASETS

from landmark.core.submission import write_csv_rows

HEADER = ('filename', 'landmark_id')


def _images(root, names):
    for name in names:
        cv2.imwrite(str(root / name), np.full((8, 8, 3), 128, np.uint8))


def test_ground_truth_is_the_gallery_indices_of_the_landmark(tmp_path):
    # gallery rows: 0 b, 1 a, 2 (unreadable, left out) a, 3 -> index 2, b
    _images(tmp_path,
            ['g0.jpg', 'g1.jpg', 'g3.jpg', 'q0.jpg', 'q1.jpg', 'q2.jpg'])
    (tmp_path / 'g2.jpg').write_bytes(b'no image')
    write_csv_rows(
        str(tmp_path / 'gallery.csv'), HEADER,
        [('g0.jpg', 'b'), ('g1.jpg', 'a'), ('g2.jpg', 'a'), ('g3.jpg', 'b')])
    write_csv_rows(
        str(tmp_path / 'queries.csv'), HEADER,
        [('q0.jpg', 'a'), ('q1.jpg', 'b'), ('q2.jpg', 'c')])
    queries = DATASETS.build(
        dict(
            type='QueryCsvDataset',
            data_root=str(tmp_path),
            ann_file='queries.csv',
            gallery_ann_file='gallery.csv'))
    gallery = DATASETS.build(
        dict(
            type='ClassCsvDataset',
            data_root=str(tmp_path),
            ann_file='gallery.csv'))
    assert [
        gallery.get_data_info(i)['img_path'][-6:] for i in range(len(gallery))
    ] == ['g0.jpg', 'g1.jpg', 'g3.jpg']
    # 'a' -> g1 (index 1); 'b' -> g0, g3 (0, 2); 'c' is not in the gallery
    truth = [queries.get_data_info(i)['gt_label'] for i in range(3)]
    assert truth == [[1], [0, 2], []]
    assert [queries.get_data_info(i)['landmark_label']
            for i in range(3)] == [0, 1, 2]


def test_relative_data_root(tmp_path, monkeypatch):
    # data_root relative to the working directory, as in the configs
    # ('data/my_retrieval'): the gallery CSV is found under it once
    (tmp_path / 'd').mkdir()
    _images(tmp_path / 'd', ['g0.jpg', 'q0.jpg'])
    write_csv_rows(str(tmp_path / 'd' / 'gallery.csv'), HEADER,
                   [('g0.jpg', 'a')])
    write_csv_rows(str(tmp_path / 'd' / 'queries.csv'), HEADER,
                   [('q0.jpg', 'a')])
    monkeypatch.chdir(tmp_path)
    queries = DATASETS.build(
        dict(
            type='QueryCsvDataset',
            data_root='d',
            ann_file='queries.csv',
            gallery_ann_file='gallery.csv'))
    assert queries.get_data_info(0)['gt_label'] == [0]
