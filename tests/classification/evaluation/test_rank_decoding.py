import numpy as np
import pytest

from landmark.classification.evaluation import (decode_labels,
                                                expected_rank_decode,
                                                greedy_share_decode,
                                                hungarian_share_decode)

# every image prefers class 0 by argmax; the known shares are 50/25/25 %
SCORES = np.array([
    [0.90, 0.05, 0.05],
    [0.80, 0.15, 0.05],
    [0.50, 0.45, 0.05],
    [0.40, 0.20, 0.40],
])


def test_argmax_ignores_the_shares():
    assert decode_labels(SCORES) == [0, 0, 0, 0]


def test_greedy_takes_pairs_by_descending_score():
    # 0.90 (img 0 -> 0), 0.80 (img 1 -> 0, class 0 now full),
    # 0.50 (img 2 -> 0: full), 0.45 (img 2 -> 1), 0.40 (img 3 -> 2 after
    # img 3 -> 0 full)
    assert greedy_share_decode(SCORES,
                               [0.5, 0.25, 0.25]).tolist() == [0, 0, 1, 2]


def test_hungarian_maximises_the_summed_score():
    # greedy here gives 0.9 + 0.2 + 0.45 ... built so greedy is not best:
    scores = np.array([[0.9, 0.8], [0.85, 0.1]])
    # one image per class: greedy takes 0.9 (img 0 -> 0), then img 1 -> 1:
    # sum 1.0; Hungarian: img 0 -> 1, img 1 -> 0: 0.8 + 0.85 = 1.65
    assert greedy_share_decode(scores, [0.5, 0.5]).tolist() == [0, 1]
    assert hungarian_share_decode(scores, [0.5, 0.5]).tolist() == [1, 0]
    labels = hungarian_share_decode(SCORES, [0.5, 0.25, 0.25])
    assert np.bincount(labels, minlength=3).tolist() == [2, 1, 1]


def test_expected_rank_cuts_the_sorted_expectation():
    # expected class: 0.15, 0.25, 0.55, 1.0 -> blocks of 2, 1, 1
    assert expected_rank_decode(SCORES,
                                [0.5, 0.25, 0.25]).tolist() == [0, 0, 1, 2]


def test_shares_needed():
    with pytest.raises(ValueError, match='needs the class proportions'):
        decode_labels(SCORES, 'greedy')
