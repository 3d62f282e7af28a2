"""The mask overlay: each class blended with its colour by hand, black
classes and the ignore value left undrawn."""
import mmcv
import numpy as np
import pytest
import torch
from mmengine.structures import PixelData
from mmseg.registry import VISUALIZERS

from landmark.segmentation.visualization import draw_mask_overlay

PALETTE = [[0, 0, 0], [200, 0, 100]]  # class 0 black: a background


def test_blend_by_hand():
    image = np.full((2, 3, 3), 100, np.uint8)
    labels = np.array([[0, 1, 1], [255, 0, 1]])
    out = draw_mask_overlay(image, labels, PALETTE, alpha=0.25)
    # class 1: 0.75 * 100 + 0.25 * (200, 0, 100) = (125, 75, 100)
    np.testing.assert_array_equal(out[0, 1], [125, 75, 100])
    np.testing.assert_array_equal(out[1, 2], [125, 75, 100])
    # black class 0 and the ignore value 255: untouched
    for y, x in ((0, 0), (1, 0), (1, 1)):
        np.testing.assert_array_equal(out[y, x], [100, 100, 100])
    assert image[0, 1, 0] == 100  # the input is not changed


def test_skip_labels_given_draws_black_too():
    image = np.full((1, 2, 3), 100, np.uint8)
    out = draw_mask_overlay(
        image, np.array([[0, 1]]), PALETTE, alpha=0.5, skip_labels=[1])
    np.testing.assert_array_equal(out[0], [[50, 50, 50], [100, 100, 100]])


def test_gray_image_and_size_mismatch():
    gray = np.full((2, 2), 10, np.uint8)
    assert draw_mask_overlay(gray, np.ones((2, 2), int),
                             PALETTE).shape == (2, 2, 3)
    with pytest.raises(
            ValueError, match='labels are 3x2 but the image is '
            '2x2'):
        draw_mask_overlay(gray, np.ones((2, 3), int), PALETTE)


def test_visualizer_draws_ground_truth_beside_the_overlay(tmp_path):
    from mmseg.structures import SegDataSample
    visualizer = VISUALIZERS.build(
        dict(
            type='MaskOverlayVisualizer',
            name='overlay_test',
            alpha=0.5,
            save_dir=str(tmp_path)))
    visualizer.dataset_meta = dict(classes=('bg', 'fg'), palette=PALETTE)
    sample = SegDataSample()
    labels = torch.tensor([[[0, 1], [1, 0]]])
    sample.gt_sem_seg = PixelData(data=labels)
    sample.pred_sem_seg = PixelData(data=labels)
    image = np.full((2, 2, 3), 100, np.uint8)
    out_file = str(tmp_path / 'x.png')
    visualizer.add_datasample(
        'x', image, sample, draw_gt=True, draw_pred=True, out_file=out_file)
    drawn = mmcv.imread(out_file, channel_order='rgb')
    assert drawn.shape == (2, 4, 3)  # ground truth | prediction
    expected = draw_mask_overlay(image, labels[0].numpy(), PALETTE, 0.5)
    np.testing.assert_array_equal(drawn[:, :2], expected)
    np.testing.assert_array_equal(drawn[:, 2:], expected)
