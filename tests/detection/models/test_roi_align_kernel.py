"""The R-CNN configs run RoIAlign on torchvision's kernel (faster on the
CPU): it must give mmcv's outputs and gradients, which the trained
checkpoints and the README's figures come from."""
import pytest
import torch
from mmcv.ops import RoIAlign
from mmengine.config import Config

from landmark.testing import REPO_ROOT


def test_torchvision_kernel_matches_mmcv_forward_and_backward():
    torch.manual_seed(0)
    features = torch.rand(2, 8, 24, 32)
    # boxes in pixels (stride 4), on both images, some past the border
    rois = torch.tensor([[0, 1.3, 2.2, 30.5, 40.1], [1, 10, 10, 60, 70.],
                         [0, 100, 50, 140, 110], [1, -4, -2, 20.7, 9.2]])
    grad = torch.rand(4, 8, 7, 7)
    outputs = []
    for use_torchvision in (False, True):
        inputs = features.clone().requires_grad_()
        out = RoIAlign(
            7, 0.25, 0, use_torchvision=use_torchvision)(inputs, rois)
        out.backward(grad)
        outputs.append((out.detach(), inputs.grad))
    (mmcv_out, mmcv_grad), (tv_out, tv_grad) = outputs
    assert mmcv_out.abs().sum() > 0 and mmcv_grad.abs().sum() > 0
    torch.testing.assert_close(tv_out, mmcv_out, rtol=0, atol=1e-6)
    torch.testing.assert_close(tv_grad, mmcv_grad, rtol=0, atol=1e-6)


@pytest.mark.parametrize('config', [
    'configs/faster-rcnn/faster-rcnn_r18-tiny-fpn_1xb4-320px-12e_landmark.py',
    'configs/cascade-rcnn/cascade-rcnn_r50-fpn_1xb2-native-res-12e_landmark.py'
])
def test_rcnn_configs_use_the_torchvision_kernel(config):
    from mmdet.registry import MODELS
    cfg = Config.fromfile(f'{REPO_ROOT}/{config}')
    cfg.model.backbone.init_cfg = None
    model = MODELS.build(cfg.model)
    layers = [m for m in model.modules() if isinstance(m, RoIAlign)]
    assert layers and all(layer.use_torchvision for layer in layers)
