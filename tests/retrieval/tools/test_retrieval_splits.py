"""tools/dataset_converters/retrieval_splits.py: from an outside-style
folder tree (or a CSV of filename and id) to the four CSVs the retrieval
configs read, each photo in one file, every query id in the gallery."""
import contextlib
import csv
import importlib.util
import io
import os.path as osp

from landmark.testing import REPO_ROOT

TOOL = osp.join(REPO_ROOT, 'tools', 'dataset_converters',
                'retrieval_splits.py')


def _convert(*argv):
    """The converter's ``main(argv)`` in this process: (code, out, err)."""
    spec = importlib.util.spec_from_file_location('retrieval_splits', TOOL)
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = tool.main(list(argv))
    return code, out.getvalue(), err.getvalue()


def _read(path):
    with open(path, newline='') as f:
        return [tuple(r) for r in csv.reader(f)]


def _photos(root):
    """2 groups x 5 products x 3 photos, numbered 001-003 in each folder."""
    photos = root / 'photos'
    for g in ('cups', 'mugs'):
        for p in range(5):
            folder = photos / g / f'item{p}'
            folder.mkdir(parents=True)
            for n in range(1, 4):
                (folder / f'{n:03d}.jpg').write_bytes(b'')
    return photos


def test_folder_tree_to_the_four_csvs(tmp_path):
    photos = _photos(tmp_path)
    out = tmp_path / 'split'
    code, stdout, stderr = _convert(str(photos), '--out-dir', str(out))
    assert code == 0, stderr
    # the product (parent folder) is the id: 10 ids of 3 photos
    assert '10 ids, 30 photos; photos per id: min 3, median 3, max 3' in stdout
    rows = {name: _read(out / f'{name}.csv')
            for name in ('train', 'val', 'gallery', 'query')}
    assert all(r[0] == ('filename', 'landmark_id') for r in rows.values())
    files = [f for r in rows.values() for f, _ in r[1:]]
    assert len(files) == len(set(files)) == 30  # each photo exactly once
    assert all(osp.isfile(out / f) for f in files)  # relative to out/
    # 2 of 10 ids held out: 1 query and 2 gallery photos each
    assert len(rows['query']) - 1 == 2 and len(rows['gallery']) - 1 == 4
    query_ids = {i for _, i in rows['query'][1:]}
    assert query_ids == {i for _, i in rows['gallery'][1:]}
    assert not query_ids & {i for _, i in rows['train'][1:]}
    assert query_ids <= {'cups/item0', 'cups/item1', 'cups/item2',
                         'cups/item3', 'cups/item4', 'mugs/item0',
                         'mugs/item1', 'mugs/item2', 'mugs/item3',
                         'mugs/item4'}
    assert f"wrote {out / 'query.csv'}: 2 ids, 2 photos" in stdout
    # --label-depth 1: the 2 groups are the ids
    code, stdout, _ = _convert(
        str(photos), '--out-dir', str(tmp_path / 'groups'), '--label-depth',
        '1')
    assert code == 0 and '2 ids, 30 photos' in stdout


def test_csv_with_an_id_column(tmp_path):
    photos = _photos(tmp_path)
    lines = ['filename,id,photographer']
    lines += [
        f'{g}/item{p}/{n:03d}.jpg,{g}{p},someone' for g in ('cups', 'mugs')
        for p in range(5) for n in range(1, 4)
    ]
    (photos / 'labels.csv').write_text('\n'.join(lines) + '\n')
    out = tmp_path / 'split'
    code, stdout, stderr = _convert(
        str(photos / 'labels.csv'), '--id-column', 'id', '--out-dir',
        str(out), '--seed', '3')
    assert code == 0, stderr
    assert '10 ids, 30 photos' in stdout
    train = _read(out / 'train.csv')
    assert train[1][0].startswith('../photos/')
    assert {i for _, i in train[1:]} <= {f'{g}{p}' for g in ('cups', 'mugs')
                                         for p in range(5)}


def test_bad_inputs_are_one_line(tmp_path):
    photos = _photos(tmp_path)
    (photos / 'labels.csv').write_text('filename,label\n'
                                       'cups/item0/001.jpg,a\n')
    code, _, stderr = _convert(
        str(photos / 'labels.csv'), '--out-dir', str(tmp_path / 'x'))
    assert code == 2
    assert stderr.startswith('error: ') and stderr.count('\n') == 1
    assert "expected filename,landmark_id" in stderr
    # every id a single photo: nothing to query
    single = tmp_path / 'single'
    for p in range(3):
        (single / f'p{p}').mkdir(parents=True)
        (single / f'p{p}' / '001.jpg').write_bytes(b'')
    code, _, stderr = _convert(str(single), '--out-dir', str(tmp_path / 'y'))
    assert code == 2 and 'none with 2 photos' in stderr
    assert not (tmp_path / 'y').exists()


def test_one_photo_ids_and_empty_folders_are_said(tmp_path):
    photos = _photos(tmp_path)
    (photos / 'cups' / 'lonely').mkdir()
    (photos / 'cups' / 'lonely' / '001.jpg').write_bytes(b'')
    (photos / 'mugs' / 'unsorted').mkdir()  # empty: gives no id
    out = tmp_path / 'split'
    code, stdout, stderr = _convert(str(photos), '--out-dir', str(out))
    assert code == 0, stderr
    assert '11 ids, 31 photos; photos per id: min 1' in stdout
    assert ("1 id(s) with 1 photo, e.g. 'cups/lonely' "
            f"({photos}/cups/lonely/001.jpg): trained on, never queried"
            in stdout)
    assert stderr == (f'warning: {photos}/mugs/unsorted holds nothing; '
                      'expected photos (.jpg, .jpeg, .png, .bmp, .tif, '
                      '.tiff, .webp): it gives no id\n')
    # the lonely photo trains; no query asks for it
    train = _read(out / 'train.csv')
    assert ('../photos/cups/lonely/001.jpg', 'cups/lonely') in train


def test_ids_repeated_under_split_folders_are_said(tmp_path):
    """query/cups/item0 and gallery/cups/item0 are one product that the
    folder tree makes two ids: said in one line; group folders of other
    names (cups/item0, mugs/item0: two products) are not."""
    split = tmp_path / 'split_first'
    split.mkdir()
    for part in ('query', 'gallery'):
        _photos(tmp_path / part).rename(split / part)
    code, stdout, stderr = _convert(str(split), '--out-dir',
                                    str(tmp_path / 'out'))
    assert code == 0, stderr
    assert '20 ids, 60 photos' in stdout
    assert stderr == (
        "warning: 10 id(s) repeat under the split folders ['gallery', "
        "'query'], e.g. 'gallery/cups/item0' and 'query/cups/item0' count "
        'as 2 ids; expected one folder per landmark: convert one split '
        "folder (its own ids), or answer the set's own split with "
        'tools/retrieve.py --queries and --gallery\n')
    code, _, stderr = _convert(
        str(_photos(tmp_path / 'plain')), '--out-dir', str(tmp_path / 'o2'))
    assert code == 0 and stderr == ''
