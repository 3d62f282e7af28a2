import tracemalloc

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

from landmark.classification.evaluation import (decode_labels,
                                                expected_rank_decode,
                                                greedy_share_decode,
                                                hungarian_share_decode)
from landmark.classification.evaluation.rank_decoding import (
    class_quotas, quota_transport_decode)

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


def _slot_matching_labels(scores, proportions):
    """The N x N reference: each class repeated its quota times, images
    matched to the slots by linear_sum_assignment."""
    quotas = class_quotas(len(scores), proportions)
    slot_class = np.repeat(np.arange(len(quotas)), quotas)
    rows, cols = linear_sum_assignment(scores[:, slot_class], maximize=True)
    labels = np.full(len(scores), -1)
    labels[rows] = slot_class[cols]
    return labels


@pytest.mark.parametrize('num_images,num_classes', [(1, 3), (7, 2), (60, 5),
                                                    (300, 5), (250, 9)])
def test_same_labels_as_the_n_by_n_assignment(num_images, num_classes):
    # continuous random scores: the optimum is unique, so the labels agree
    rng = np.random.default_rng(num_images * 10 + num_classes)
    for _ in range(5):
        scores = rng.dirichlet(np.ones(num_classes), num_images)
        proportions = rng.dirichlet(np.ones(num_classes))
        assert hungarian_share_decode(scores, proportions).tolist() == \
            _slot_matching_labels(scores, proportions).tolist()


def test_ties_still_fill_the_quotas_with_the_best_sum():
    # scores on a 0.1 grid (many ties) and photos with identical scores:
    # the class prices alone cannot split a tie, the shortest-path moves do
    rng = np.random.default_rng(0)
    for trial in range(40):
        scores = np.round(rng.random((30, 4)), 1)
        if trial % 2:
            scores = np.tile(scores[:1], (30, 1))
        proportions = rng.dirichlet(np.ones(4))
        labels = hungarian_share_decode(scores, proportions)
        reference = _slot_matching_labels(scores, proportions)
        assert np.bincount(labels, minlength=4).tolist() == \
            class_quotas(30, proportions).tolist()
        rows = np.arange(30)
        assert scores[rows, labels].sum() == pytest.approx(
            scores[rows, reference].sum(), abs=1e-9)


def test_memory_grows_with_images_times_classes_not_images_squared():
    # 20,000 photos: an N x N float64 matrix alone would be 3.2 GB; the
    # transport decode keeps a few arrays of N x C (0.8 MB each)
    scores = np.random.default_rng(0).dirichlet(np.ones(5), 20000)
    tracemalloc.start()
    try:
        labels = hungarian_share_decode(scores, [.1, .2, .35, .25, .1])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert np.bincount(labels).tolist() == [2000, 4000, 7000, 5000, 2000]
    assert peak < 64 * 2**20


def test_quotas_that_do_not_add_up_are_refused():
    with pytest.raises(ValueError, match='adding up to the number of images'):
        quota_transport_decode(SCORES, [2, 1, 0])
