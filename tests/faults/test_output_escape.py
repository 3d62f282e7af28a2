"""Names that come from inputs never make a tool write outside its output
folder: COCO ``file_name`` such as ``../../x.jpg``, an absolute path, or
``a/../../x.jpg``; predictions whose ``img_path`` is such a name.

Each test snapshots every file under its temporary folder before and
after, and allows new files only inside the output folder.
"""
import json
import os
import os.path as osp

import cv2
import numpy as np

from landmark.core import dump_prediction_pickle
from landmark.testing import run_tool_in_process


def all_files(root) -> set:
    return {
        osp.join(folder, name)
        for folder, _, names in os.walk(root) for name in names
    }


def hostile_photos(root) -> list:
    """Photos whose names, as written in an annotation file beside
    ``root/images``, climb out of it: a relative climb, an absolute path,
    and a climb through a sub-folder."""
    os.makedirs(osp.join(root, 'images', 'sub'))
    os.makedirs(osp.join(root, 'outside'))
    photo = np.full((48, 64, 3), 90, np.uint8)
    names = ['../outside/climb.jpg', osp.join(root, 'outside', 'abs.jpg'),
             'sub/../../outside/through.jpg']
    for name in names:
        cv2.imwrite(osp.normpath(osp.join(root, 'images', name)), photo)
    return names


def test_demo_samples_stay_in_their_folder(tmp_path):
    from landmark.detection.apis.demo import draw_annotated_samples
    data = tmp_path / 'data'
    names = hostile_photos(str(data))
    os.makedirs(data / 'annotations')
    coco = dict(
        images=[dict(id=i + 1, file_name=n, width=64, height=48)
                for i, n in enumerate(names)],
        annotations=[dict(id=i + 1, image_id=i + 1, category_id=1,
                          bbox=[4, 4, 20, 20], area=400, iscrowd=0)
                     for i in range(len(names))],
        categories=[dict(id=1, name='tower')])
    (data / 'annotations' / 'val.json').write_text(json.dumps(coco))
    out = tmp_path / 'out'
    before = all_files(tmp_path)
    draw_annotated_samples(str(data), str(out), num_samples=3)
    new = all_files(tmp_path) - before
    assert len(new) == 3
    assert all(path.startswith(str(out / 'samples') + os.sep)
               for path in new), sorted(new)


def test_visualize_drawings_stay_in_the_out_dir(tmp_path):
    names = hostile_photos(str(tmp_path))
    records = [
        dict(img_id=i, img_path=osp.join(str(tmp_path / 'images'), n)
             if not osp.isabs(n) else n, ori_shape=(48, 64),
             pred_instances=dict(bboxes=[[4, 4, 30, 30]], scores=[0.9],
                                 labels=[0]))
        for i, n in enumerate(names)
    ]
    # and the raw names themselves, as a predictions file may hold them
    records += [dict(r, img_id=10 + i, img_path=n)
                for i, (r, n) in enumerate(zip(records, names))]
    predictions = str(tmp_path / 'preds.pkl')
    dump_prediction_pickle(records, predictions)
    out = tmp_path / 'drawn'
    before = all_files(tmp_path)
    done = run_tool_in_process('visualize', predictions, '--out-dir',
                               str(out), '--img-root',
                               str(tmp_path / 'images'), '--classes', 'tower')
    assert done.returncode in (0, 1), done.stderr
    new = all_files(tmp_path) - before
    assert new, done.stdout + done.stderr
    assert all(path.startswith(str(out) + os.sep) for path in new), \
        sorted(new)
