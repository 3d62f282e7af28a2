"""The largest size that trains, from the headline step's memory and
``max_pixels='auto'``'s search, with probes worked out by hand (no GPU)."""
from landmark.detection.apis.gpu_measurements import (largest_trainable_size,
                                                      predicted_size)

GIB = 2**30
# a 4000x3000 step: 4 GiB of model and optimizer, 20 GiB more for the step
HEADLINE = dict(width=4000, height=3000, before_bytes=4 * GIB,
                peak_reserved_bytes=24 * GIB)


def linear_probe(width, height):
    """4 GiB plus 20 GiB per 12 MP."""
    return 4 * GIB + 20 * GIB * width * height / 12e6


def test_the_first_probe_is_the_size_the_headline_predicts():
    # 0.95 x 84 GiB - 4 GiB = 75.8 GiB of room for the step: sides
    # x sqrt(75.8 / 20) = x1.9468, 7787 px wide, 7776 in steps of 32
    assert predicted_size(HEADLINE, 84 * GIB) == (7776, 5832)


def test_a_size_that_fits_at_the_first_probe_is_the_answer():
    result = largest_trainable_size(
        HEADLINE, budget=84 * GIB, probe=linear_probe)
    # 7776 x 5832 = 45.35 MP: 4 + 20 x 45.35 / 12 = 79.6 GiB <= 84
    assert result['largest'] == '7776x5832'
    assert [p[:2] for p in result['probes']] == [[7776, 5832]]


def test_out_of_memory_probes_are_recorded_and_lowered_from():
    # memory grows faster than the line: the predicted size runs out of
    # memory (inf), the search halves the sides, and that fits
    def probe(width, height):
        return float('inf') if width * height > 30e6 else linear_probe(
            width, height)

    result = largest_trainable_size(
        HEADLINE, budget=84 * GIB, probe=probe, max_probes=3)
    # by hand: 7776x5832 runs out of memory; half the sides, 3888x2916
    # (11.3 MP): 4 + 20 x 11.34 / 12 = 22.9 GiB, fits; far under the
    # budget, one probe back up, at 11.34 MP x 0.95 x 84 / 22.9 = 39.5 MP
    # (7258x5443), runs out of memory: 3888x2916 stands
    assert [p[:2] for p in result['probes']] == [[7776, 5832], [3888, 2916],
                                                 [7258, 5443]]
    assert [p[2] is None for p in result['probes']] == [True, False, True]
    assert result['largest'] == '3888x2916'
    assert abs(result['largest_peak_bytes'] / GIB - 22.9) < 0.01
