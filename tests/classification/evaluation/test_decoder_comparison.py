import numpy as np
import pytest

from landmark.classification.evaluation import compare_decoders

# Four images, three ordered classes, true labels 0, 1, 1, 2 (shares
# 1/4, 1/2, 1/4). Expected classes sum_c c * p(c): 0.5, 0.9, 1.4, 1.6.
SCORES = np.array([
    [0.6, 0.3, 0.1],  # label 0
    [0.5, 0.1, 0.4],  # label 1, argmax 0
    [0.1, 0.4, 0.5],  # label 1, argmax 2
    [0.0, 0.4, 0.6],  # label 2
])
LABELS = np.array([0, 1, 1, 2])


def test_decoders_side_by_side_by_hand():
    table = compare_decoders(SCORES, LABELS, ['a', 'b', 'c'])
    # argmax 0, 0, 2, 2: 2 of 4 right, errors of one class step on the
    # two middle images (MAE 2/4); F1 a = b... = (2/3, 0, 2/3) -> 4/9
    assert table['argmax'] == pytest.approx(
        dict(accuracy=50.0, macro_f1=400 / 9, mean_abs_error=0.5))
    # expected rank: sorted by 0.5 < 0.9 < 1.4 < 1.6 and cut 1, 2, 1 -> the
    # true labels
    assert table['expected_rank'] == pytest.approx(
        dict(accuracy=100.0, macro_f1=100.0, mean_abs_error=0.0))
    # Hungarian maximises the summed score under the quotas: 1, 0, 1, 2
    # (0.3 + 0.5 + 0.4 + 0.6 = 1.8 > 1.7 of the true labels); F1 per
    # class 0, 1/2, 1 -> 50
    assert table['hungarian'] == pytest.approx(
        dict(accuracy=50.0, macro_f1=50.0, mean_abs_error=0.5))
    # greedy: 0.6 -> image 0 class 0 and image 3 class 2 (quotas spent),
    # then 0.4 -> image 2 class 1, then 0.1 -> image 1 class 1
    assert table['greedy'] == pytest.approx(
        dict(accuracy=100.0, macro_f1=100.0, mean_abs_error=0.0))


def test_given_shares_replace_the_true_ones():
    # shares 1/2, 1/4, 1/4: expected rank cuts 2, 1, 1 -> 0, 0, 1, 2
    table = compare_decoders(
        SCORES,
        LABELS, ['a', 'b', 'c'], [0.5, 0.25, 0.25],
        decoders=['expected_rank'])
    assert table['expected_rank']['mean_abs_error'] == pytest.approx(0.25)
