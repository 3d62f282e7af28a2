import numpy as np
import pytest

from landmark.detection.evaluation.writers import (format_to_xyxy,
                                                   xyxy_to_format)
from landmark.detection.evaluation.writers.box_formats import box_inside_image

BOX = np.array([[10., 20., 50., 100.]])  # 40 wide, 80 high


@pytest.mark.parametrize('box_format, expected', [
    ('xyxy', [10, 20, 50, 100]),
    ('xywh', [10, 20, 40, 80]),
    ('cxcywh', [30, 60, 40, 80]),
])
def test_box_format_values_and_inverse(box_format, expected):
    converted = xyxy_to_format(BOX, box_format)
    np.testing.assert_allclose(converted, [expected])
    np.testing.assert_allclose(format_to_xyxy(converted, box_format), BOX)


def test_unknown_box_format_names_the_choices():
    with pytest.raises(ValueError, match='xyxy, xywh, cxcywh'):
        xyxy_to_format(BOX, 'yxyx')


def test_box_inside_image_borders():
    assert box_inside_image([0, 0, 64, 48], (64, 48))
    assert not box_inside_image([0, 0, 64.5, 48], (64, 48))
    assert box_inside_image([0, 0, 64.5, 48], (64, 48), tolerance=0.5)
    assert not box_inside_image([-1, 0, 10, 10], (64, 48))
