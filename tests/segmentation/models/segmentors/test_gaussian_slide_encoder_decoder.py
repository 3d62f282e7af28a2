import pytest
import torch
from mmseg.registry import MODELS

import landmark.segmentation  # noqa: F401 (registers)
from landmark.segmentation.models.segmentors import (gaussian_importance_map,
                                                     gaussian_slide_inference,
                                                     window_starts)


def test_window_starts_end_on_the_last_pixel():
    # 10 pixels, windows of 4 every 3: 0, 3, 6 (6 + 4 = 10)
    assert window_starts(10, 4, 3) == [0, 3, 6]
    # 11 pixels: 0, 3, 6 leave pixel 10 -> one more window at 11 - 4 = 7
    assert window_starts(11, 4, 3) == [0, 3, 6, 7]
    assert window_starts(3, 4, 2) == [0]


def test_importance_map_peaks_in_the_centre_and_is_positive():
    weights = gaussian_importance_map(5, 7)
    assert weights[2, 3].item() == pytest.approx(1.0)
    assert weights.min().item() > 0
    assert weights[2, 0] < weights[2, 1] < weights[2, 3]


def test_reproduces_whole_image_logits_of_a_translation_equivariant_model():
    torch.manual_seed(0)
    conv = torch.nn.Conv2d(3, 4, 1)  # 1x1: each pixel's logits on its own
    inputs = torch.rand(2, 3, 37, 53)
    with torch.no_grad():
        whole = conv(inputs)
        slid, weight_sum = gaussian_slide_inference(conv, inputs, (16, 20),
                                                    (11, 13))
    torch.testing.assert_close(slid, whole, atol=1e-5, rtol=1e-5)
    assert (weight_sum > 0).all()  # every pixel covered by a window


def test_constant_windows_cover_every_pixel_with_their_value():
    # a model that answers 1 everywhere: weighted mean 1 at every pixel,
    # which needs every pixel in at least one window
    def ones(window):
        return torch.ones(window.shape[0], 2, *window.shape[2:])

    slid, _ = gaussian_slide_inference(ones, torch.rand(1, 3, 30, 41), (8, 8),
                                       (8, 8))
    assert torch.equal(slid, torch.ones(1, 2, 30, 41))


def test_differs_from_uniform_averaging_where_windows_overlap():
    # logits equal to the window's left offset: uniform averaging and the
    # Gaussian weighting disagree in the overlap
    inputs = torch.zeros(1, 3, 1, 12)
    starts = iter([0.0, 4.0])

    def offset(window):
        return torch.full((1, 1, 1, window.shape[3]), next(starts))

    slid, _ = gaussian_slide_inference(offset, inputs, (1, 8), (1, 4))
    # overlap columns 4..7: column 4 is the first window's 5th column
    # (near its centre) and the second window's 1st (its border), so the
    # weighted mean leans to the first window's 0, below the uniform 2
    assert slid[0, 0, 0, 4].item() < 1.0
    assert slid[0, 0, 0, 7].item() > 3.0


def test_segmentor_test_mode_runs_the_gaussian_windows(monkeypatch):
    model = MODELS.build(
        dict(
            type='GaussianSlideEncoderDecoder',
            backbone=dict(
                type='UNet',
                in_channels=3,
                base_channels=4,
                num_stages=2,
                strides=(1, 1),
                enc_num_convs=(1, 1),
                dec_num_convs=(1, ),
                downsamples=(True, ),
                enc_dilations=(1, 1),
                dec_dilations=(1, ),
                norm_cfg=dict(type='BN')),
            decode_head=dict(
                type='FCNHead',
                in_channels=4,
                channels=4,
                num_convs=0,
                concat_input=False,
                num_classes=3,
                in_index=1),
            test_cfg=dict(
                mode='gaussian_slide', crop_size=(8, 8), stride=(5, 5))))
    conv = torch.nn.Conv2d(3, 3, 1)
    seen = []

    def encode_decode(window, metas):
        seen.append((tuple(window.shape[2:]), metas[0]['img_shape']))
        return conv(window)

    monkeypatch.setattr(model, 'encode_decode', encode_decode)
    inputs = torch.rand(1, 3, 13, 18)
    metas = [dict(img_shape=(13, 18), ori_shape=(13, 18))]
    with torch.no_grad():
        logits = model.inference(inputs, metas)
        torch.testing.assert_close(logits, conv(inputs))
    # rows 0, 5; columns 0, 5, 10: six 8x8 windows, each told its own size
    assert seen == [((8, 8), (8, 8))] * 6
    model.test_cfg['stride'] = (9, 5)
    with pytest.raises(ValueError, match='would leave pixels'):
        model.inference(inputs, metas)
