import numpy as np
import pytest
from mmpretrain.evaluation import RetrievalAveragePrecision, RetrievalRecall

from landmark.retrieval.evaluation import (average_precision_at_k,
                                           global_average_precision, map_at_k,
                                           recall_at_k)

# query 'a' (2 relevant) ranks a, b, a; query 'b' (1 relevant) ranks a, a,
# b; query 'c' has no relevant gallery image and is left out
RANKED = np.array([['a', 'b', 'a'], ['a', 'a', 'b'], ['a', 'b', 'a']])
QUERY = np.array(['a', 'b', 'c'])
NUM_RELEVANT = np.array([2, 1, 0])


def test_mmpretrain_retrieval_metrics_run_on_numpy_2_4():
    # np.in1d is gone from NumPy 2.4; landmark.retrieval puts it back.
    # Gallery 0 and 2 are relevant, ranked 0, 1, 2: AP = (1/1 + 2/3) / 2
    ap = RetrievalAveragePrecision.calculate([[0, 1, 2]], [[0, 2]],
                                             topk=3,
                                             pred_indices=True,
                                             target_indices=True)
    assert ap == pytest.approx(100 * (1 + 2 / 3) / 2)
    # the relevant gallery 0 is ranked second: recall@1 0, recall@2 100
    recalls = RetrievalRecall.calculate([[1, 0, 2]], [[0]],
                                        topk=(1, 2),
                                        pred_indices=True,
                                        target_indices=True)
    assert [float(r) for r in recalls] == [0.0, 100.0]


def test_average_precision_at_k_by_hand():
    # hits at ranks 1 and 3 of 2 relevant: (1/1 + 2/3) / 2
    assert average_precision_at_k([1, 0, 1], 2) == pytest.approx(5 / 6)
    # cut at k=2: only the hit at rank 1, divided by min(2, 2)
    assert average_precision_at_k([1, 0, 1], 2, k=2) == pytest.approx(0.5)
    # 5 relevant but k=1 and a hit at rank 1: 1 / min(5, 1) = 1
    assert average_precision_at_k([1], 5, k=1) == 1.0


def test_map_at_k_by_hand():
    # AP(a) = (1 + 2/3) / 2 = 5/6, AP(b) = (1/3) / 1; 'c' left out
    assert map_at_k(RANKED, QUERY, NUM_RELEVANT) == pytest.approx(
        (5 / 6 + 1 / 3) / 2)
    # @2: AP(a) = 1 / 2, AP(b) = 0
    assert map_at_k(RANKED, QUERY, NUM_RELEVANT, k=2) == pytest.approx(0.25)


def test_recall_at_k_by_hand():
    # 'a' is right at rank 1, 'b' first at rank 3
    assert recall_at_k(
        RANKED, QUERY, NUM_RELEVANT, ks=(1, 2, 3)) == {
            1: 0.5,
            2: 0.5,
            3: 1.0
        }


def test_global_average_precision_by_hand():
    predicted = ['a', 'b', 'c', None, 'e', None]
    confidences = [0.9, 0.8, 0.7, 0.0, 0.95, 0.0]
    truth = ['a', 'c', 'c', 'd', None, 'f']
    # by confidence: e (wrong, no landmark), a (right, P = 1/2), b (wrong),
    # c (right, P = 2/4); the two queries without a prediction count only
    # in M: 5 queries have a landmark, GAP = (1/2 + 2/4) / 5 = 0.2
    assert global_average_precision(predicted, confidences,
                                    truth) == pytest.approx(0.2)
    # the confident wrong prediction made last instead: a (1/1), b, c
    # (2/3), e -> (1 + 2/3) / 5
    confidences[4] = 0.1
    assert global_average_precision(predicted, confidences,
                                    truth) == pytest.approx((1 + 2 / 3) / 5)


def test_global_average_precision_names_length_mismatch():
    with pytest.raises(ValueError, match='2 predictions, 1 confidences'):
        global_average_precision(['a', 'b'], [0.5], ['a', 'b'])
