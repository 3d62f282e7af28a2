import numpy as np
import pytest
from mmpretrain.registry import METRICS

from landmark.classification.evaluation import check_class_csv, read_class_csv
from landmark.classification.evaluation.writers import ClassCsvError

NAMES = ('cat', 'dog', 'owl')


def _run_writer(out_file, **options):
    writer = METRICS.build(
        dict(type='ClassCsvWriter', out_file=out_file, **options))
    writer.dataset_meta = dict(classes=NAMES)
    writer.process({}, [
        dict(img_path='/data/a.jpg', pred_score=np.array([0.1, 0.7, 0.2])),
        dict(img_path='/data/b.jpg', pred_score=np.array([0.6, 0.3, 0.1])),
    ])
    return writer.evaluate(2)


def test_round_trip_with_top_k(tmp_path):
    out = str(tmp_path / 'pred.csv')
    assert _run_writer(out, top_k=2) == {}
    assert open(out).read().splitlines()[0] == \
        'image,label,score,label_2,score_2'
    rows = read_class_csv(out, NAMES)
    assert rows[0] == dict(
        image='a.jpg', labels=['dog', 'owl'], scores=[0.7, 0.2])
    assert rows[1]['labels'] == ['cat', 'dog']


def test_file_names_repeated_across_folders_get_their_folders(tmp_path):
    # every class folder of two sites numbers its photos from 0001.jpg:
    # a file name alone would give three rows the same image name
    writer = METRICS.build(
        dict(type='ClassCsvWriter', out_file=str(tmp_path / 'pred.csv')))
    writer.dataset_meta = dict(classes=NAMES)
    writer.process({}, [
        dict(img_path=f'/data/{p}', pred_score=np.array([0.1, 0.7, 0.2]))
        for p in ('site_a/cat/0001.jpg', 'site_a/dog/0001.jpg',
                  'site_b/cat/0001.jpg', 'site_b/cat/0002.jpg')
    ])
    writer.evaluate(4)
    rows = read_class_csv(str(tmp_path / 'pred.csv'), NAMES)
    # relative to /data, the deepest folder that holds all four
    assert [r['image'] for r in rows] == [
        'site_a/cat/0001.jpg', 'site_a/dog/0001.jpg', 'site_b/cat/0001.jpg',
        'site_b/cat/0002.jpg'
    ]


def test_rank_decoding_option_changes_the_label(tmp_path):
    out = str(tmp_path / 'pred.csv')
    # shares 0/0.5/0.5: cat gets no image; greedy: 0.7 (a -> dog), then
    # b -> dog is full, b -> owl (0.1)
    _run_writer(out, decoder='greedy', proportions=[0, 0.5, 0.5])
    rows = read_class_csv(out, NAMES)
    assert [r['labels'][0] for r in rows] == ['dog', 'owl']
    assert rows[1]['scores'] == [0.1]


def test_checker_names_row_and_problem(tmp_path):
    bad = tmp_path / 'bad.csv'
    bad.write_text('image,label,score\na.jpg,dog,0.9\na.jpg,emu,1.5\n')
    report = check_class_csv(str(bad), NAMES, images=['a.jpg', 'c.jpg'])
    assert [str(p) for p in report.problems] == [
        "[unknown_class] row 3, image 'a.jpg': label='emu'; expected one "
        "of ['cat', 'dog', 'owl']",
        "[wrong_type] row 3, image 'a.jpg': score='1.5'; expected a number "
        'in [0, 1]',
        "[duplicate_image] row 3, image 'a.jpg': already in row 2; expected "
        'one row per image',
        "[missing_image] image 'c.jpg': no row; expected one per image",
    ]
    assert (report.num_rows, report.num_images) == (2, 1)
    with pytest.raises(ClassCsvError, match='row 3'):
        read_class_csv(str(bad), NAMES)
    header = tmp_path / 'header.csv'
    header.write_text('file,label,score\n')
    (problem, ) = check_class_csv(str(header)).problems
    assert problem.kind == 'wrong_column' and problem.row == 1
    assert "'image'" in problem.message  # the expected column is named


def test_bad_options_refused_before_a_run(tmp_path):
    with pytest.raises(ValueError, match='needs proportions'):
        _run_writer(str(tmp_path / 'x.csv'), decoder='hungarian')
    with pytest.raises(ValueError, match='ending in .csv'):
        _run_writer(str(tmp_path / 'x.txt'))
