"""Recognition by the neighbours' votes, and its GAP, by hand."""
import numpy as np
import pytest

from landmark.retrieval.evaluation import global_average_precision
from landmark.retrieval.postprocess import recognition_rows, vote_landmarks

# three queries, their top-3 results' landmark ids and similarities
NEIGHBOURS = np.array([['a', 'b', 'b'], ['c', 'c', 'a'], ['b', '', '']])
SIMILARITIES = np.array([[0.9, 0.6, 0.5], [0.8, 0.7, -0.2], [0.3, 0., 0.]])


def test_votes_by_hand():
    # q0: a 0.9, b 0.6 + 0.5 = 1.1 -> b, 1.1 / 3
    # q1: c 1.5, a (negative) 0 -> c, 0.5
    # q2: b 0.3 (the empty results do not vote) -> b, 0.1
    predicted, confidences = vote_landmarks(NEIGHBOURS, SIMILARITIES, k=3)
    assert predicted == ['b', 'c', 'b']
    assert confidences == pytest.approx([1.1 / 3, 0.5, 0.1])
    # the top 1 alone: a, c, b with their similarities
    predicted, confidences = vote_landmarks(NEIGHBOURS, SIMILARITIES, k=1)
    assert predicted == ['a', 'c', 'b']
    assert confidences == pytest.approx([0.9, 0.8, 0.3])


def test_gap_of_the_votes_by_hand():
    # truth a, c, b. k=3: by confidence q1 (c, right), q0 (b, wrong),
    # q2 (b, right): GAP = (1/1 + 2/3) / 3 = 0.5556
    truth = ['a', 'c', 'b']
    predicted, confidences = vote_landmarks(NEIGHBOURS, SIMILARITIES, k=3)
    assert global_average_precision(predicted, confidences,
                                    truth) == pytest.approx((1 + 2 / 3) / 3)
    # k=1: all three right -> GAP 1
    predicted, confidences = vote_landmarks(NEIGHBOURS, SIMILARITIES, k=1)
    assert global_average_precision(predicted, confidences, truth) == 1.0


def test_tie_goes_to_the_better_ranked_neighbour():
    predicted, _ = vote_landmarks(
        np.array([['x', 'y']]), np.array([[0.5, 0.5]]), k=2)
    assert predicted == ['x']


def test_query_without_results_predicts_nothing():
    predicted, confidences = vote_landmarks(
        np.array([['', '']]), np.array([[0., 0.]]), k=2)
    assert predicted == [''] and confidences[0] == 0
    assert recognition_rows(['q'], predicted, confidences) == [('q', '')]
    assert recognition_rows(['q'], ['a'], [0.25]) == [('q', 'a 0.250000')]


def test_the_gap_of_the_votes_is_the_gap_of_their_csv():
    """Confidences 1e-8 apart print alike in the recognition CSV: the GAP
    the tool prints from its votes must rank them as the CSV does."""
    ids = np.array([['a'] * 5, ['b'] * 5])
    sims = np.array([[0.5] * 5, [0.5 + 1e-8] * 5])
    predicted, confidences = vote_landmarks(ids, sims)
    rows = recognition_rows(['q0', 'q1'], predicted, confidences)
    from_csv = [float(cell.split()[1]) for _, cell in rows]
    truth = ['a', 'c']  # q0 right, q1 wrong
    # tied: q0 ranks first, precision 1 at the one right answer: 1 / 2
    assert global_average_precision(predicted, from_csv, truth) == 0.5
    assert global_average_precision(predicted, confidences, truth) == 0.5
