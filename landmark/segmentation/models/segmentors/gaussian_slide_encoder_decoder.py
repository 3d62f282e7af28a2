"""EncoderDecoder with a Gaussian-weighted sliding-window test mode."""
from typing import List

from mmseg.models import EncoderDecoder
from mmseg.registry import MODELS
from torch import Tensor

from landmark.segmentation.models.segmentors.gaussian_sliding_window import (
    check_window_settings, gaussian_slide_inference)


@MODELS.register_module()
class GaussianSlideEncoderDecoder(EncoderDecoder):
    """mmseg's :class:`EncoderDecoder` with ``test_cfg.mode='gaussian_slide'``
    (nnU-Net's Gaussian-weighted windows, see
    :func:`gaussian_slide_inference`), so a 12 MP photo is segmented at its
    own resolution. ``'whole'`` and ``'slide'`` work as in mmseg.

    Examples:
        >>> model = dict(
        ...     type='GaussianSlideEncoderDecoder',
        ...     test_cfg=dict(mode='gaussian_slide', crop_size=(512, 512),
        ...                   stride=(256, 256), sigma_scale=0.125))
    """

    def inference(self, inputs: Tensor, batch_img_metas: List[dict]) -> Tensor:
        """Logits of the batch in the configured test mode."""
        if self.test_cfg.get('mode', 'whole') != 'gaussian_slide':
            return super().inference(inputs, batch_img_metas)
        crop_size = tuple(self.test_cfg['crop_size'])
        stride = tuple(self.test_cfg['stride'])
        check_window_settings(crop_size, stride, type(self).__name__)

        def encode(window: Tensor) -> Tensor:
            metas = [
                dict(meta, img_shape=window.shape[2:])
                for meta in batch_img_metas
            ]
            return self.encode_decode(window, metas)

        logits, _ = gaussian_slide_inference(
            encode, inputs, crop_size, stride,
            self.test_cfg.get('sigma_scale', 1 / 8))
        return logits
