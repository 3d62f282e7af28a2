import pytest

from landmark.classification.class_weights import (balanced_class_weights,
                                                   class_weights_from_counts,
                                                   effective_number_weights)


def test_balanced_weights_as_scikit_learn():
    # n = 40, C = 3: 40 / (3 * 20), 40 / (3 * 15), 40 / (3 * 5)
    weights = balanced_class_weights([20, 15, 5])
    assert weights == pytest.approx([2 / 3, 8 / 9, 8 / 3])


def test_effective_number_weights_sum_to_num_classes():
    # beta = 0.5, counts 1, 2: raw (1-.5)/(1-.5) = 1, .5/(1-.25) = 2/3
    # scaled by 2 / (5/3): 1.2, 0.8
    assert effective_number_weights([1, 2], 0.5) == pytest.approx([1.2, 0.8])


def test_unknown_mode_and_empty_class_refused():
    with pytest.raises(ValueError, match='expected one of'):
        class_weights_from_counts([1, 2], 'inverse')
    with pytest.raises(ValueError, match='no training image'):
        balanced_class_weights([3, 0])
