"""Two hand-made members and their ground truth, shared by the ensemble
tests (imported by path; the expected numbers are worked out where used).

Image a.jpg (id 1, 100x100): a tower (label 0) at [10, 20, 50, 60].
Image b.jpg (id 2, 100 high, 200 wide): a dome (label 1) at [100, 10, 180, 90].
Member A: a.jpg tower [10, 20, 50, 60] 0.9 (right); b.jpg tower 0.8 (WRONG
class) at the right place. Member B: a.jpg tower [14, 24, 54, 64] 0.6 (IoU
0.68 with the truth: right); b.jpg dome 0.7 (right).
"""
import json
import os.path as osp
import pickle

import torch

GT = {
    'images': [
        dict(id=1, file_name='a.jpg', width=100, height=100),
        dict(id=2, file_name='b.jpg', width=200, height=100),
    ],
    'categories': [dict(id=1, name='tower'),
                   dict(id=2, name='dome')],
    'annotations': [
        dict(
            id=1,
            image_id=1,
            category_id=1,
            bbox=[10, 20, 40, 40],
            area=1600,
            iscrowd=0),
        dict(
            id=2,
            image_id=2,
            category_id=2,
            bbox=[100, 10, 80, 80],
            area=6400,
            iscrowd=0),
    ],
}


def record(img_id, name, shape, box, score, label):
    return dict(
        img_id=img_id,
        img_path=f'images/{name}',
        ori_shape=shape,
        pred_instances=dict(
            bboxes=torch.tensor([box], dtype=torch.float32),
            scores=torch.tensor([score]),
            labels=torch.tensor([label])))


MEMBER_A = [
    record(1, 'a.jpg', (100, 100), [10., 20., 50., 60.], 0.9, 0),
    record(2, 'b.jpg', (100, 200), [100., 10., 180., 90.], 0.8, 0),
]
MEMBER_B = [
    record(1, 'a.jpg', (100, 100), [14., 24., 54., 64.], 0.6, 0),
    record(2, 'b.jpg', (100, 200), [100., 10., 180., 90.], 0.7, 1),
]


def write_handmade_files(folder) -> dict:
    """Write val.json, a.pkl and b.pkl (pickles as tools/test.py --out)."""
    paths = dict(
        ann_file=osp.join(folder, 'val.json'),
        a=osp.join(folder, 'a.pkl'),
        b=osp.join(folder, 'b.pkl'))
    with open(paths['ann_file'], 'w') as f:
        json.dump(GT, f)
    for key, member in (('a', MEMBER_A), ('b', MEMBER_B)):
        with open(paths[key], 'wb') as f:
            pickle.dump(member, f)
    return paths
