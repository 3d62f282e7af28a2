"""tools/dataset_converters/split_coco.py on bad input: one line naming
the file or the value and what was expected, exit 2, nothing written."""
import json

import pytest

from landmark.testing import load_tool, run_tool

GOOD = dict(
    categories=[dict(id=1, name='arch')],
    images=[dict(id=i, file_name=f'{i}.jpg') for i in range(1, 11)],
    annotations=[dict(id=1, image_id=1, category_id=1, bbox=[0, 0, 4, 4])])


@pytest.fixture(scope='module')
def split_tool():
    return load_tool('dataset_converters/split_coco')


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return str(path)


@pytest.mark.parametrize('name, text, expected', [
    ('cut.json', '{"images": [', 'cut.json: not valid JSON'),
    ('binary.json', b'\xff\xfe\x00', 'binary.json: not valid JSON'),
    ('list.json', '[1, 2]', 'list.json: no "categories" list'),
    ('noimages.json', json.dumps(dict(categories=GOOD['categories'])),
     'noimages.json: "images" must be a list'),
    ('nofile.json', json.dumps(dict(GOOD, images=[dict(id=1)])),
     "nofile.json: images[0] has no 'file_name'"),
    ('noimageid.json',
     json.dumps(dict(GOOD, annotations=[dict(id=1, bbox=[0, 0, 1, 1])])),
     "noimageid.json: annotations[0] has no 'image_id'"),
])
def test_a_bad_json_is_named_with_what_was_expected(tmp_path, capsys,
                                                    split_tool, name, text,
                                                    expected):
    ann = write(tmp_path, name, text)
    assert split_tool.main([ann, '--out-dir', str(tmp_path / 'out')]) == 2
    err = capsys.readouterr().err
    assert err.startswith('error: ') and expected in err
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / 'out').exists()


@pytest.mark.parametrize('fraction', ['1.5', '0', '1', '-0.2', 'abc', 'nan'])
def test_a_bad_fraction_is_named(tmp_path, capsys, split_tool, fraction):
    ann = write(tmp_path, 'all.json', json.dumps(GOOD))
    argv = [ann, '--val-fraction', fraction, '--out-dir', str(tmp_path)]
    assert split_tool.main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err == (f'error: --val-fraction {fraction!r}: expected a number '
                   'in (0, 1), e.g. 0.2')
    assert not (tmp_path / 'train.json').exists()


def test_missing_file_and_bad_group_pattern(tmp_path, capsys, split_tool):
    assert split_tool.main([str(tmp_path / 'gone.json')]) == 2
    assert 'gone.json' in capsys.readouterr().err
    ann = write(tmp_path, 'all.json', json.dumps(GOOD))
    assert split_tool.main([ann, '--mode', 'group', '--group-pattern',
                            '(']) == 2
    assert "group pattern '(' is not a regular" in capsys.readouterr().err


def test_in_a_subprocess_no_traceback_and_a_good_file_splits(tmp_path):
    bad = write(tmp_path, 'bad.json', '{not json')
    result = run_tool('tools/dataset_converters/split_coco.py', bad)
    assert result.returncode == 2
    assert 'Traceback' not in result.stderr and 'bad.json' in result.stderr

    good = write(tmp_path, 'all.json', json.dumps(GOOD))
    result = run_tool('tools/dataset_converters/split_coco.py', good,
                      '--val-fraction', '0.3')
    assert result.returncode == 0, result.stderr
    train = json.loads((tmp_path / 'train.json').read_text())
    val = json.loads((tmp_path / 'val.json').read_text())
    assert (len(train['images']), len(val['images'])) == (7, 3)
    # the one box goes with its image
    assert len(train['annotations']) + len(val['annotations']) == 1
