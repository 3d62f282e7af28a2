import numpy as np
import torch
from mmdet.structures import DetDataSample
from mmdet.structures.bbox import HorizontalBoxes
from mmengine.structures import InstanceData

from landmark.detection.visualization import GT_COLOR, draw_packed_sample


def test_packed_sample_is_drawn_as_the_model_sees_it():
    # a 3x40x60 BGR tensor, as PackDetInputs makes it, blue channel set
    inputs = torch.zeros(3, 40, 60, dtype=torch.uint8)
    inputs[0] = 200
    sample = DetDataSample()
    sample.gt_instances = InstanceData(
        bboxes=HorizontalBoxes(torch.tensor([[10., 5., 50., 35.]])),
        labels=torch.tensor([1]))
    drawn = draw_packed_sample(
        dict(inputs=inputs, data_samples=sample), ['tower', 'dome'])
    assert drawn.shape == (40, 60, 3)
    assert tuple(drawn[20, 10]) == GT_COLOR  # left edge
    # inside, below the caption: the channel order is kept
    assert tuple(drawn[30, 40]) == (200, 0, 0)
    np.testing.assert_array_equal(drawn[0, 0], [200, 0, 0])
