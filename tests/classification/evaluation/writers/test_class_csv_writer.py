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
    problems = check_class_csv(str(bad), NAMES, images=['a.jpg', 'c.jpg'])
    assert problems == [
        f"{bad} row 3: label='emu'; expected one of ['cat', 'dog', 'owl']",
        f"{bad} row 3: score='1.5'; expected a number in [0, 1]",
        f"{bad} row 3: image 'a.jpg' already in row 2; expected one row "
        'per image',
        f"{bad}: 1 image(s) without a row, e.g. ['c.jpg']",
    ]
    with pytest.raises(ClassCsvError, match='row 3'):
        read_class_csv(str(bad), NAMES)
    header = tmp_path / 'header.csv'
    header.write_text('file,label,score\n')
    assert 'expected' in check_class_csv(str(header))[0]


def test_bad_options_refused_before_a_run(tmp_path):
    with pytest.raises(ValueError, match='needs proportions'):
        _run_writer(str(tmp_path / 'x.csv'), decoder='hungarian')
    with pytest.raises(ValueError, match='ending in .csv'):
        _run_writer(str(tmp_path / 'x.txt'))
