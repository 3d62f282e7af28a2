"""Recognition from retrieval: "which landmark is this?" answered by the
query's nearest gallery images."""
from typing import List, Sequence, Tuple

import numpy as np


# decimals of a confidence in the recognition CSV
CONFIDENCE_DECIMALS = 6


def vote_landmarks(neighbour_ids: np.ndarray,
                   similarities: np.ndarray,
                   k: int = 5,
                   no_landmark: str = '') -> Tuple[List[str], np.ndarray]:
    """One landmark id and confidence per query from its top-``k``
    neighbours: each neighbour votes for its landmark with its similarity
    (negative ones count 0); the id with the largest sum wins (ties: the
    one of the better-ranked neighbour) and its confidence is that sum
    divided by ``k``, in [0, 1] for cosine similarities. As in the winning
    Google Landmark Recognition solutions, the confidence orders the
    predictions across queries for GAP.

    Args:
        neighbour_ids (np.ndarray): ``(Q, K)`` landmark id of each query's
            results, best first; ``no_landmark`` for no result.
        similarities (np.ndarray): ``(Q, K)`` their similarities.
        k (int): Neighbours that vote. Defaults to 5.
        no_landmark (str): The "no result" id. Defaults to ``''``.

    Returns:
        tuple: The predicted ids (``no_landmark`` for a query without
        results) and the ``(Q,)`` confidences.

    Examples:
        >>> vote_landmarks(np.array([['a', 'b', 'b']]),
        ...                np.array([[0.9, 0.6, 0.5]]), k=3)
        (['b'], array([0.366667]))
    """
    if k < 1:
        raise ValueError(f'vote_landmarks: k={k}; expected 1 or more')
    predicted, confidences = [], np.zeros(len(neighbour_ids))
    for q, (ids, sims) in enumerate(zip(neighbour_ids, similarities)):
        votes = {}
        for landmark, sim in zip(ids[:k], sims[:k]):
            if landmark != no_landmark:
                landmark = str(landmark)
                votes[landmark] = votes.get(landmark, 0.0) + max(
                    float(sim), 0.0)
        if not votes:
            predicted.append(no_landmark)
            continue
        # max keeps the first of equal sums: the better-ranked neighbour's
        best = max(votes, key=votes.get)
        predicted.append(best)
        confidences[q] = votes[best] / k
    # as the recognition CSV keeps them, so that a GAP computed here ranks
    # near-equal confidences as one computed from the CSV does
    return predicted, np.round(confidences, CONFIDENCE_DECIMALS)


def recognition_rows(query_ids: Sequence[str], predicted: Sequence[str],
                     confidences: Sequence[float]) -> List[Tuple[str, str]]:
    """Rows of the Kaggle recognition CSV (``id,landmarks``, the cell
    ``"<landmark_id> <confidence>"``, empty for no prediction)."""
    return [(q, f'{p} {c:.{CONFIDENCE_DECIMALS}f}' if p else '')
            for q, p, c in zip(query_ids, predicted, confidences)]
