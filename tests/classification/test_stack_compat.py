import subprocess
import sys

import numpy as np
import torch
from mmpretrain.evaluation import RetrievalAveragePrecision, RetrievalRecall


def test_retrieval_recall_runs_on_numpy_without_in1d():
    # query 0: top-1 = 3 is not relevant, top-2 adds 1 (relevant)
    # query 1: top-1 = 2 is relevant -> recall@1 = 50 %, recall@2 = 100 %
    pred = torch.tensor([[0.1, 0.8, 0.0, 0.9], [0.2, 0.1, 0.9, 0.0]])
    target = [torch.tensor([1]), torch.tensor([2])]
    recall = RetrievalRecall.calculate(
        pred, target, topk=(1, 2), target_indices=True)
    assert [float(r) for r in recall] == [50.0, 100.0]


def test_retrieval_average_precision_runs():
    # ranks of the relevant items 1 and 2 in [3, 1, 0, 2]: 2nd and 4th
    # AP = (1/2 + 2/4) / 2 = 0.5 -> 50 %
    pred = torch.tensor([[0.7, 0.8, 0.1, 0.9]])
    ap = RetrievalAveragePrecision.calculate(
        pred, [torch.tensor([1, 2])], topk=4, target_indices=True)
    assert abs(float(ap) - 50.0) < 1e-6


def test_in1d_alias_matches_isin():
    assert np.in1d([[1, 5], [2, 7]],
                   [2, 5]).tolist() == [False, True, True, False]


def test_import_loads_no_other_task_library():
    code = ('import sys, landmark.classification; '
            "print(sorted({m.split('.')[0] for m in sys.modules} "
            "& {'mmdet', 'mmseg'}))")
    out = subprocess.run([sys.executable, '-c', code],
                         capture_output=True,
                         text=True,
                         check=True).stdout
    assert out.strip() == '[]'
