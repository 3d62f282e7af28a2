import numpy as np
import pytest

from landmark.segmentation.evaluation import (RunLengthError, decode_rle,
                                              encode_rle)

# 2 x 3 mask       row-major pixels (1-based):   column-major pixels:
#   1 1 0            1 2 3                          1 3 5
#   0 1 1            4 5 6                          2 4 6
MASK = np.array([[1, 1, 0], [0, 1, 1]], np.uint8)


def test_hand_worked_runs_for_both_orders_and_bases():
    # row-major flat 1 1 0 0 1 1 -> runs at 1 (2 long) and 5 (2 long)
    assert encode_rle(MASK, 'row-major') == '1 2 5 2'
    assert encode_rle(MASK, 'row-major', one_based=False) == '0 2 4 2'
    # column-major flat 1 0 1 1 0 1 -> runs at 1 (1), 3 (2), 6 (1)
    assert encode_rle(MASK, 'column-major') == '1 1 3 2 6 1'
    assert encode_rle(np.zeros((2, 2))) == ''


@pytest.mark.parametrize('order', ['row-major', 'column-major'])
@pytest.mark.parametrize('one_based', [True, False])
def test_round_trip(order, one_based):
    mask = (np.random.default_rng(0).random((7, 5)) > 0.5).astype(np.uint8)
    mask[-1, -1] = 1  # a run that ends on the last pixel
    rle = encode_rle(mask, order, one_based)
    np.testing.assert_array_equal(
        decode_rle(rle, mask.shape, order, one_based), mask)


def test_decoding_in_the_other_order_gives_the_transposed_walk():
    decoded = decode_rle('1 2 5 2', (2, 3), 'column-major')
    assert decoded.tolist() == [[1, 0, 1], [1, 0, 1]]


@pytest.mark.parametrize('rle, message', [
    ('1 2 3', 'even count'),
    ('1 x', "'x' is not an integer"),
    ('1 0', 'run 1 (1 0): length must be at least 1'),
    ('0 2', 'start below 1'),
    ('4 2 1 1', 'run 2 (1 1): starts before the previous run ends'),
    ('5 3', 'run 1 (5 3): ends past pixel 6 of a 2x3 mask'),
])
def test_bad_runs_are_one_line_errors(rle, message):
    with pytest.raises(
            RunLengthError,
            match=message.replace('(', r'\(').replace(')', r'\)')) as err:
        decode_rle(rle, (2, 3))
    assert '\n' not in str(err.value)
