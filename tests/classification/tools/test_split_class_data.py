"""tools/dataset_converters/split_class_data.py: bad inputs are one line
each, never a traceback; the split files are what ClassCsvDataset reads."""
import csv

import pytest

from landmark.classification.datasets import ClassCsvDataset
from landmark.testing import run_tool_in_process

TOOL = 'dataset_converters/split_class_data'


def _rows(path):
    with open(path, newline='') as f:
        return list(csv.DictReader(f))


@pytest.fixture
def photos(tmp_path, make_image):
    folder = tmp_path / 'shop' / 'pics'
    folder.mkdir(parents=True)
    for i in range(6):
        make_image(str(folder / f'{i}.png'), 20 * i)
    (folder / 'broken.png').write_bytes(b'not a png')
    return folder


def test_bad_rows_are_named_and_left_out(photos, tmp_path):
    labels = tmp_path / 'shop' / 'labels.csv'
    labels.write_text('image_name,category,notes\n'
                      '0.png,1,x\n1.png,1,x\n2.png,0,x\n3.png,0,x\n'
                      '4.png,cat,x\n'        # a name works too
                      '5.png,7,x\n'          # no class 7
                      '0.png,0,x\n'          # 0.png again
                      'gone.png,0,x\n'       # no such file
                      'broken.png,1,x\n')    # does not decode
    out = run_tool_in_process(TOOL, '--csv', str(labels), '--img-dir',
                              str(photos), '--filename-column', 'image_name',
                              '--label-column', 'category', '--classes',
                              'cat', 'dog', '--out-dir',
                              str(tmp_path / 'shop'), '--val-fraction', '0.5')
    assert out.returncode == 1
    lines = out.stderr.splitlines()
    assert lines[0] == ('4 problem(s): 1 missing_image, 1 '
                        'unreadable_image, 1 bad_annotation, 1 unknown_class')
    assert 'row 8' in lines[1] and 'already in row 2' in lines[1]
    assert 'row 7' in lines[2] and "category='7'" in lines[2]
    assert 'row 9' in lines[3] and 'gone.png' in lines[3]
    assert 'row 10' in lines[4] and 'broken.png' in lines[4]
    assert len(lines) == 5
    train = _rows(tmp_path / 'shop' / 'train.csv')
    val = _rows(tmp_path / 'shop' / 'val.csv')
    # integers are ids into --classes: dog 0.png, 1.png; cat 2-4.png;
    # round(3 * 0.5) = 2 cats and round(2 * 0.5) = 1 dog held out
    assert sorted(r['filename'] for r in train + val) == [
        f'pics/{i}.png' for i in range(5)]
    assert sorted(r['label'] for r in val) == ['cat', 'cat', 'dog']
    assert 'always answering' in out.stdout
    dataset = ClassCsvDataset(ann_file='train.csv',
                              data_root=str(tmp_path / 'shop'))
    assert len(dataset) == len(train)  # every written file reads


@pytest.mark.parametrize('case, message', [
    ('one_photo', "class(es) ['fox'] have 1 photo"),
    ('empty_folder', "holds no photo"),
    ('no_column', "no column 'label'"),
    ('no_csv', 'does not exist'),
])
def test_data_that_cannot_be_split_is_one_line(tmp_path, make_image, case,
                                               message):
    root = tmp_path / 'data'
    for name, count in (('cat', 2), ('fox', 1 if case == 'one_photo' else 2),
                        ('owl', 0 if case == 'empty_folder' else 2)):
        (root / name).mkdir(parents=True)
        for i in range(count):
            make_image(str(root / name / f'{i}.png'), 10 * i)
    if case in ('no_column', 'no_csv'):
        labels = tmp_path / 'labels.csv'
        if case == 'no_column':
            labels.write_text('filename,category\ncat/0.png,cat\n')
        args = ['--csv', str(labels), '--img-dir', str(root)]
    else:
        args = ['--folders', str(root)]
    out = run_tool_in_process(TOOL, *args, '--out-dir', str(tmp_path))
    assert out.returncode == 2
    line, = out.stderr.splitlines()
    assert line.startswith('error: ') and message in line
    assert not (tmp_path / 'train.csv').exists()


def test_class_folders_one_level_too_high_get_a_note(tmp_path, make_image):
    # site/<class>/0.png read at depth 1: the "classes" would be the sites
    for site in ('site_a', 'site_b'):
        for name in ('cat', 'owl'):
            (tmp_path / site / name).mkdir(parents=True)
            for i in range(2):
                make_image(str(tmp_path / site / name / f'{i}.png'), 10 * i)
    args = ['--folders', str(tmp_path), '--out-dir', str(tmp_path)]
    out = run_tool_in_process(TOOL, *args)
    assert out.returncode == 0 and '2 classes' in out.stdout
    assert out.stderr.splitlines() == [
        f'note: {tmp_path}: no class folder at --class-depth 1 holds a '
        'photo of its own, only sub-folders (cat, owl); if those are the '
        'classes, use --class-depth 2'
    ]
    # at the right depth, no note
    out = run_tool_in_process(TOOL, *args, '--class-depth', '2')
    assert out.returncode == 0 and out.stderr == ''
