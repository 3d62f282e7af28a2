"""Speed and memory of the rank decoders on 1k / 10k / 100k photos.

Decodes synthetic class scores of ``--num-classes`` ordered classes with
the known shares ``SHARES`` by greedy, expected rank, the exact
transportation decode (``hungarian_share_decode``, on N x C) and, up to
``--slot-matching-max`` photos, the N x N slot matching it replaces
(``scipy.optimize.linear_sum_assignment``). For each: the seconds of one
decode (``time.perf_counter``), the peak memory it allocated (a second run
under ``tracemalloc``) and its summed score as a share of the optimum.
Prints a Markdown table.

The scores: true classes drawn with ``SHARES``; logits = 2 x one-hot of the
true class + N(0, 1) noise + a bias of +0.5 towards class 2, softmaxed
(seeded), so argmax over-predicts class 2 and the quotas must move photos.

Example (about 3.5 min on a shared 2-core machine, nearly all of it the
10k slot matching, run twice: timed, then under ``tracemalloc``)::

    OMP_NUM_THREADS=1 python benchmarks/rank_decoding.py
"""
import argparse
import time
import tracemalloc

import numpy as np
from scipy.optimize import linear_sum_assignment

from landmark.classification.evaluation.rank_decoding import (
    class_quotas, expected_rank_decode, greedy_share_decode,
    hungarian_share_decode)

SHARES = (0.10, 0.20, 0.35, 0.25, 0.10)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        '--num-photos', type=int, nargs='+', default=[1000, 10000, 100000])
    parser.add_argument(
        '--slot-matching-max',
        type=int,
        default=10000,
        help='largest N for the N x N linear_sum_assignment (10k: 0.8 GB)')
    parser.add_argument('--seed', type=int, default=0)
    return parser.parse_args()


def synthetic_scores(num_photos: int, seed: int) -> np.ndarray:
    """Softmaxed logits of a model that leans towards class 2."""
    rng = np.random.default_rng(seed)
    truth = rng.choice(len(SHARES), num_photos, p=SHARES)
    logits = rng.normal(size=(num_photos, len(SHARES)))
    logits[np.arange(num_photos), truth] += 2.0
    logits[:, 2] += 0.5
    scores = np.exp(logits - logits.max(1, keepdims=True))
    return scores / scores.sum(1, keepdims=True)


def slot_matching_decode(scores: np.ndarray, shares) -> np.ndarray:
    """The N x N decode that ``hungarian_share_decode`` replaced."""
    quotas = class_quotas(len(scores), shares)
    slot_class = np.repeat(np.arange(len(quotas)), quotas)
    rows, cols = linear_sum_assignment(scores[:, slot_class], maximize=True)
    labels = np.full(len(scores), -1)
    labels[rows] = slot_class[cols]
    return labels


# the exact transport decode first: the others are compared with its sum
DECODERS = {
    'transport (N x C, exact)': hungarian_share_decode,
    'slot matching (N x N, exact)': slot_matching_decode,
    'greedy': greedy_share_decode,
    'expected rank': expected_rank_decode,
}


def measure(decode, scores):
    """Seconds of one decode, peak MiB allocated in another, labels."""
    start = time.perf_counter()
    labels = decode(scores, SHARES)
    seconds = time.perf_counter() - start
    tracemalloc.start()
    try:
        decode(scores, SHARES)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()
    return seconds, peak, labels


def main():
    args = parse_args()
    print('| photos | decoder | seconds | peak MiB | summed score '
          '/ optimum |')
    print('|---:|---|---:|---:|---:|')
    for num_photos in args.num_photos:
        scores = synthetic_scores(num_photos, args.seed)
        rows = np.arange(num_photos)
        optimum = None
        for name, decode in DECODERS.items():
            if decode is slot_matching_decode and \
                    num_photos > args.slot_matching_max:
                print(f'| {num_photos:,} | {name} | not run '
                      f'({num_photos:,}^2 x 8 B = '
                      f'{num_photos**2 * 8 / 2**30:.0f} GiB) | | |')
                continue
            seconds, peak, labels = measure(decode, scores)
            total = scores[rows, labels].sum()
            if decode is hungarian_share_decode:
                optimum = total
            share = f'{total / optimum:.6f}' if optimum else ''
            print(f'| {num_photos:,} | {name} | {seconds:.3f} | {peak:.1f} '
                  f'| {share} |')


if __name__ == '__main__':
    main()
