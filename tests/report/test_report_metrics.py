"""The report's figures on hand-made predictions, worked out by hand in
the comments."""
import csv

import cv2
import numpy as np
import pytest
from report_test_data import CLS_CONFIG, DET_CONFIG, RET_CONFIG, SEG_CONFIG

from landmark.report import RIGHT, build_report


def test_detection_metrics_and_verdicts(detection_set, detection_pickle):
    report = build_report(
        DET_CONFIG, [detection_pickle], data_root=detection_set)
    summary = report.runs[0].summary
    # top-1: photo 0 right, photo 1 wrong class, photo 2 right class with
    # IoU 0.62 >= 0.5: localized 2 of 3, classified 2 of 3, mean IoU
    # (1 + 1 + 0.62) / 3
    assert summary['top-1 localization accuracy'] == pytest.approx(2 / 3)
    assert summary['top-1 classification accuracy'] == pytest.approx(2 / 3)
    assert summary['mean IoU of the top-1 box'] == pytest.approx(2.62 / 3)
    # COCO AP per class with ground truth: tower 1; dome 0; arch: its
    # ranked detections are photo 1 (0.9, no arch there: false) then photo
    # 2 (0.8, IoU 0.62), so precision 1/2 at recall 1 for the IoU
    # thresholds 0.50, 0.55, 0.60 and nothing above: AP 0.5 at 0.5, and
    # 0.5 * 3 / 10 = 0.15 over 0.50:0.95. mAP = (1 + 0 + 0.15) / 3.
    assert summary['COCO bbox mAP'] == pytest.approx(1.15 / 3, abs=1e-3)
    assert summary['COCO bbox mAP@0.5'] == pytest.approx(0.5, abs=1e-3)
    per_class = report.runs[0].per_class
    assert per_class['dome']['cls_acc'] == 0.0
    assert per_class['arch']['mean_iou'] == pytest.approx(0.62)
    # worst first: the confident wrong class, then the loose box, then the
    # right one
    assert [(i.key, i.kind)
            for i in report.items] == [('photo_1.jpg', 'wrong class'),
                                       ('photo_2.jpg', RIGHT),
                                       ('photo_0.jpg', RIGHT)]


def test_detection_json_of_infer_matches_by_file_name(detection_set, tmp_path):
    from report_test_data import detection_records

    from landmark.detection.apis.prediction_files import \
        dump_predictions_json

    from landmark.core import ProblemLog

    # the JSON numbers images 0, 1, 2: ids the COCO file gives other
    # photos (1, 2, 3); the report must pair them by name, and name the
    # photos tools/infer.py skipped
    skipped = ProblemLog()
    skipped.add('unreadable_image', 'broken.jpg', 'truncated')
    path = str(tmp_path / 'predictions.json')
    dump_predictions_json(
        detection_records(detection_set), path, ['tower', 'dome', 'arch'],
        skipped)
    report = build_report(DET_CONFIG, [path], data_root=detection_set)
    assert report.runs[0].summary['top-1 localization accuracy'] == \
        pytest.approx(2 / 3)
    assert report.problems == [('broken.jpg',
                                'skipped by tools/infer.py: truncated')]


def test_classification_csv_metrics_and_confusion(classification_set,
                                                  tmp_path):
    # truth a a b b, answers a b b b: accuracy 3/4; recall a 1/2, b 1;
    # precision a 1, b 2/3; F1 a 2/3, b 0.8, macro-F1 (2/3 + 0.8) / 2
    path = tmp_path / 'preds.csv'
    path.write_text('image,label,score\na0.jpg,a,0.9\na1.jpg,b,0.7\n'
                    'b0.jpg,b,0.8\nb1.jpg,b,0.6\n')
    report = build_report(
        CLS_CONFIG, [str(path)], data_root=classification_set)
    run = report.runs[0]
    assert run.summary['accuracy (%)'] == pytest.approx(75.0)
    assert run.summary['macro-F1 (%)'] == pytest.approx(100 * (2 / 3 + 0.8) /
                                                        2)
    assert run.per_class['a']['recall (%)'] == pytest.approx(50.0)
    assert run.per_class['b']['precision (%)'] == pytest.approx(200 / 3)
    assert run.confusion.tolist() == [[1, 1], [0, 2]]
    # the one mistake first; then the right answers least sure first
    assert [i.key
            for i in report.items] == ['a1.jpg', 'b1.jpg', 'b0.jpg', 'a0.jpg']
    assert report.items[0].kind == 'wrong'


def test_classification_pickle_and_runs_side_by_side(classification_set,
                                                     tmp_path):
    import pickle

    import torch

    # a .pkl of tools/test.py --out: every answer right; beside the CSV
    # above, the gallery shows both verdicts for each photo
    items = [
        dict(
            img_path=f'{name}.jpg',
            pred_score=torch.tensor(score),
            gt_label=torch.tensor([label]))
        for name, score, label in [('a0', [.9, .1],
                                    0), ('a1', [.6, .4],
                                         0), ('b0', [.2, .8],
                                              1), ('b1', [.3, .7], 1)]
    ]
    pkl = tmp_path / 'tta.pkl'
    pkl.write_bytes(pickle.dumps(items))
    plain = tmp_path / 'plain.csv'
    plain.write_text('image,label,score\na0.jpg,a,0.9\na1.jpg,b,0.7\n'
                     'b0.jpg,b,0.8\nb1.jpg,b,0.6\n')
    report = build_report(
        CLS_CONFIG, [str(plain), str(pkl)], data_root=classification_set)
    assert [r.name for r in report.runs] == ['plain', 'tta']
    assert [r.summary['accuracy (%)'] for r in report.runs] == [75.0, 100.0]
    worst = report.items[0]
    assert worst.verdicts == [('plain', 'wrong'), ('tta', 'right')]


def test_segmentation_rle_csv_iou_and_dice(segmentation_set, tmp_path):
    from landmark.segmentation.evaluation.rle_csv import (rle_rows,
                                                          write_rle_csv)

    # image 0: membrane predicted on columns 0-2 (12 px) against the
    # truth's columns 0-1 (8 px): membrane I 8, U 12; cell I 4, U 8.
    # image 1: predicted exactly (membrane 4 px, cell 12 px).
    # Summed: membrane I 12, U 16, P 16, L 12 -> IoU 0.75, Dice 24/28;
    # cell I 16, U 20, P 16, L 20 -> IoU 0.8, Dice 32/36.
    pred0 = np.zeros((4, 4), np.int64)
    pred0[:, :3] = 1
    pred1 = np.zeros((4, 4), np.int64)
    pred1[0, :] = 1
    classes = ('cell', 'membrane')
    path = str(tmp_path / 'masks.csv')
    write_rle_csv(
        path,
        rle_rows('n0', pred0, classes) + rle_rows('n1', pred1, classes))
    report = build_report(SEG_CONFIG, [path], data_root=segmentation_set)
    run = report.runs[0]
    assert run.per_class['membrane']['IoU (%)'] == pytest.approx(75.0)
    assert run.per_class['cell']['IoU (%)'] == pytest.approx(80.0)
    assert run.per_class['membrane']['Dice (%)'] == pytest.approx(100 * 24 /
                                                                  28)
    assert run.summary['mIoU (%)'] == pytest.approx(77.5)
    assert run.summary['mDice (%)'] == pytest.approx(100 *
                                                     (24 / 28 + 32 / 36) / 2)
    # image 0's own mean IoU: (8/12 + 4/8) / 2 = 0.583 (still >= 0.5)
    assert report.items[0].key == 'n0'
    assert report.items[0].error == pytest.approx(1 - (8 / 12 + 0.5) / 2)


def test_segmentation_index_mask_folder(segmentation_set, tmp_path):
    # a folder of <image id>.png index masks equal to the truth: 100 %
    folder = tmp_path / 'pred_masks'
    folder.mkdir()
    for i in range(2):
        truth = cv2.imread(
            f'{segmentation_set}/index_masks/test/n{i}_mask.png',
            cv2.IMREAD_UNCHANGED)
        cv2.imwrite(str(folder / f'n{i}.png'), truth)
    report = build_report(
        SEG_CONFIG, [str(folder)], data_root=segmentation_set)
    assert report.runs[0].summary['mIoU (%)'] == pytest.approx(100.0)
    assert {i.kind for i in report.items} == {'right'}


def test_retrieval_map_and_recall(retrieval_set, tmp_path):
    # q1 (x): g3 g1 g2 -> relevant at ranks 2 and 3 of 2 relevant:
    #   AP = (1/2 + 2/3) / 2 = 7/12; top-1 wrong.
    # q2 (y): g3 g4 -> AP 1.
    # mAP@100 = (7/12 + 1) / 2; recall@1 = 1/2, recall@5 = 1.
    path = tmp_path / 'submission.csv'
    with open(path, 'w', newline='') as f:
        writer = csv.writer(f)
        writer.writerow(['id', 'images'])
        writer.writerow(['photos/q1', 'photos/g3 photos/g1 photos/g2'])
        writer.writerow(['photos/q2', 'photos/g3 photos/g4'])
    report = build_report(
        RET_CONFIG, [str(path)],
        retrieval=dict(
            queries=f'{retrieval_set}/query.csv',
            gallery=f'{retrieval_set}/gallery.csv'))
    summary = report.runs[0].summary
    assert summary['mAP@100'] == pytest.approx((7 / 12 + 1) / 2)
    assert summary['recall@1'] == pytest.approx(0.5)
    assert summary['recall@5'] == pytest.approx(1.0)
    assert report.items[0].key == 'photos/q1'
    assert report.items[0].kind == 'wrong top-1'
    assert report.items[0].spec.payload['correct'] == [False, True, True]


def test_prediction_of_an_unknown_photo_is_named(classification_set, tmp_path):
    path = tmp_path / 'preds.csv'
    path.write_text('image,label,score\na0.jpg,a,0.9\nzz.jpg,a,0.7\n'
                    'yy.jpg,b,0.6\n')
    report = build_report(
        CLS_CONFIG, [str(path)], data_root=classification_set)
    assert report.num_images == 1
    assert report.problems == [(str(path), '2 prediction(s) of images not in '
                                'the test set, left out: zz.jpg, yy.jpg')]


def test_classification_photos_sharing_a_file_name_are_told_apart(tmp_path):
    import pickle

    import torch
    from report_test_data import write_photo

    # every class folder holds p.jpg and q.jpg, as outside data sets do;
    # the tools' CSVs name them x/p.jpg ... (class_csv_rows)
    root = tmp_path / 'cls'
    rows = ['filename,label']
    truth = {'x/p.jpg': 'a', 'x/q.jpg': 'a', 'y/p.jpg': 'b', 'y/q.jpg': 'b'}
    for i, (name, label) in enumerate(truth.items()):
        write_photo(str(root / name), 64, 64, seed=i)
        rows.append(f'{name},{label}')
    for split in ('train', 'val'):
        (root / f'{split}.csv').write_text('\n'.join(rows) + '\n')
    # right for x/*, one mistake (y/q.jpg): 3 of 4, every photo counted
    answers = {'x/p.jpg': 'a', 'x/q.jpg': 'a', 'y/p.jpg': 'b', 'y/q.jpg': 'a'}
    named = tmp_path / 'test_out.csv'
    named.write_text('image,label,score\n' + ''.join(
        f'{n},{c},0.9\n' for n, c in answers.items()))
    # tools/infer.py --recursive on the folder above names them cls/x/p.jpg
    longer = tmp_path / 'infer_out.csv'
    longer.write_text('image,label,score\n' + ''.join(
        f'cls/{n},{c},0.9\n' for n, c in answers.items()))
    # the .pkl of tools/test.py --out holds full paths
    pkl = tmp_path / 'test_out.pkl'
    pkl.write_bytes(
        pickle.dumps([
            dict(
                img_path=str(root / n),
                pred_score=torch.tensor([0.9, 0.1] if c == 'a' else [.1, .9]),
                gt_label=torch.tensor([0 if truth[n] == 'a' else 1]))
            for n, c in answers.items()
        ]))
    report = build_report(
        CLS_CONFIG, [str(named), str(longer), str(pkl)], data_root=str(root))
    assert report.problems == []
    for run in report.runs:
        assert run.summary['images'] == 4, run.name
        assert run.summary['accuracy (%)'] == pytest.approx(75.0), run.name
    assert report.items[0].key == 'y/q.jpg'
    assert report.items[0].kind == 'wrong'


def test_detection_photos_sharing_a_file_name_are_told_apart(tmp_path):
    from report_test_data import detection_records, write_detection_set

    from landmark.detection.apis.prediction_files import \
        dump_predictions_json

    # the three photos of detection_records, each as site_N/photo.jpg; the
    # JSON of tools/infer.py holds paths, not the COCO file's ids
    root = tmp_path / 'det'
    write_detection_set(str(root), [f'site_{i}/photo.jpg' for i in range(3)])
    records = detection_records(str(root))
    for i, record in enumerate(records):
        record['img_path'] = str(root / 'images' / f'site_{i}' / 'photo.jpg')
    path = str(tmp_path / 'predictions.json')
    dump_predictions_json(records, path, ['tower', 'dome', 'arch'])
    report = build_report(DET_CONFIG, [path], data_root=str(root))
    # as test_detection_metrics_and_verdicts: each photo against its own
    # truth, three photos in the gallery
    summary = report.runs[0].summary
    assert summary['top-1 localization accuracy'] == pytest.approx(2 / 3)
    assert summary['mean IoU of the top-1 box'] == pytest.approx(2.62 / 3)
    assert [(i.key, i.kind)
            for i in report.items] == [('site_1/photo.jpg', 'wrong class'),
                                       ('site_2/photo.jpg', RIGHT),
                                       ('site_0/photo.jpg', RIGHT)]
