"""Scores of a retrieval or recognition result, as the Google Landmarks
challenges define them.

* mAP@k (retrieval): for query ``q`` with ``m_q`` relevant gallery images
  and ranked results ``r_1, r_2...``,
  ``AP@k(q) = 1 / min(m_q, k) * sum_{i<=k} P_q(i) * rel_q(i)``, with
  ``P_q(i)`` the precision of the first ``i`` results; averaged over the
  queries that have relevant images.
* recall@k: the share of those queries with a relevant image in the
  first ``k`` results (mmpretrain's ``RetrievalRecall``).
* GAP (recognition, "which landmark is this?"): one predicted id and
  confidence per query; predictions sorted by decreasing confidence,
  ``GAP = 1 / M * sum_i P(i) * rel(i)``, ``P(i)`` the share of correct
  predictions among the first ``i``, ``M`` the number of queries that
  have a landmark (queries without one only cost precision).
"""
from typing import Dict, Optional, Sequence

import numpy as np

# {k: recall@k}
Recalls = Dict[int, float]
RECALL_KS = (1, 5, 10)


def average_precision_at_k(ranked_relevance: Sequence[bool],
                           num_relevant: int,
                           k: int = 100) -> float:
    """AP@k of one query (module docstring); 0 when nothing is relevant.

    Examples:
        >>> average_precision_at_k([True, False, True], 2, k=100)
        0.8333333333333333
    """
    if num_relevant <= 0:
        return 0.0
    rel = np.asarray(ranked_relevance[:k], dtype=bool)
    hits = np.cumsum(rel)
    precisions = hits / np.arange(1, len(rel) + 1)
    return float((precisions * rel).sum() / min(num_relevant, k))


def _relevance(ranked_labels: np.ndarray, query_labels: np.ndarray):
    return ranked_labels == query_labels[:, None]


def mean_average_precision(relevance: np.ndarray,
                           num_relevant: np.ndarray,
                           k: int = 100) -> float:
    """mAP@k of ranked relevance, over the queries with relevant images.

    Args:
        relevance (np.ndarray): ``(Q, K)`` whether each query's results,
            best first, are relevant.
        num_relevant (np.ndarray): ``(Q,)`` relevant gallery images of
            each query (ranked or not).
        k (int): Cut-off. Defaults to 100.

    Returns:
        float: mAP@k in [0, 1]; queries with ``num_relevant = 0`` are left
        out, as in the Kaggle metric (they have no landmark).
    """
    num_relevant = np.asarray(num_relevant)
    with_relevant = num_relevant > 0
    aps = [
        average_precision_at_k(rel, m, k) for rel, m in zip(
            np.asarray(relevance)[with_relevant], num_relevant[with_relevant])
    ]
    return float(np.mean(aps)) if aps else 0.0


def recall_of_relevance(relevance: np.ndarray,
                        num_relevant: np.ndarray,
                        ks: Sequence[int] = RECALL_KS) -> Recalls:
    """``{k: share of queries with a relevant result in the first k}``,
    over the queries with relevant images (arguments as
    :func:`mean_average_precision`)."""
    relevance = np.asarray(relevance)[np.asarray(num_relevant) > 0]
    if not len(relevance):
        return {k: 0.0 for k in ks}
    return {k: float(relevance[:, :k].any(1).mean()) for k in ks}


def map_at_k(ranked_labels: np.ndarray,
             query_labels: np.ndarray,
             num_relevant: np.ndarray,
             k: int = 100) -> float:
    """mAP@k of ranked landmark ids (:func:`mean_average_precision`).

    Args:
        ranked_labels (np.ndarray): ``(Q, K)`` landmark id of each
            query's results, best first (``-1`` for no result).
        query_labels (np.ndarray): ``(Q,)`` each query's landmark id.
        num_relevant (np.ndarray): ``(Q,)`` gallery images sharing it.
        k (int): Cut-off. Defaults to 100.
    """
    relevance = _relevance(np.asarray(ranked_labels), np.asarray(query_labels))
    return mean_average_precision(relevance, num_relevant, k)


def recall_at_k(ranked_labels: np.ndarray,
                query_labels: np.ndarray,
                num_relevant: np.ndarray,
                ks: Sequence[int] = RECALL_KS) -> Recalls:
    """Recall@k of ranked landmark ids (:func:`recall_of_relevance`)."""
    relevance = _relevance(np.asarray(ranked_labels), np.asarray(query_labels))
    return recall_of_relevance(relevance, num_relevant, ks)


def global_average_precision(predicted: Sequence,
                             confidences: Sequence[float],
                             truth: Sequence,
                             no_landmark: Optional[object] = None) -> float:
    """GAP of one prediction per query (module docstring).

    Args:
        predicted (Sequence): Predicted landmark id per query
            (``no_landmark`` for no prediction, which counts as neither
            right nor wrong).
        confidences (Sequence[float]): Confidence of each prediction.
        truth (Sequence): True landmark id per query, ``no_landmark`` for
            a query that shows none.
        no_landmark: The "none" value. Defaults to None.

    Returns:
        float: GAP in [0, 1].
    """
    if not len(predicted) == len(confidences) == len(truth):
        raise ValueError(f'GAP: {len(predicted)} predictions, '
                         f'{len(confidences)} confidences and {len(truth)} '
                         'true ids; expected one of each per query')
    num_landmark = sum(t != no_landmark for t in truth)
    if num_landmark == 0:
        return 0.0
    made = [i for i, p in enumerate(predicted) if p != no_landmark]
    made.sort(key=lambda i: -float(confidences[i]))  # stable for ties
    correct = np.array([predicted[i] == truth[i] for i in made], dtype=float)
    precisions = np.cumsum(correct) / np.arange(1, len(correct) + 1)
    return float((precisions * correct).sum() / num_landmark)
