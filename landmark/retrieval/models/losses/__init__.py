from landmark.retrieval.models.losses.mined_triplet_loss import (
    MINERS, MinedTripletLoss, mine_batch_hard, mine_semi_hard,
    pairwise_distances)

__all__ = [
    'MINERS', 'MinedTripletLoss', 'mine_batch_hard', 'mine_semi_hard',
    'pairwise_distances'
]
