"""mmcv's CUDA kernels against their CPU twins: multi-scale deformable
attention (forward and gradients) against mmcv's PyTorch function, NMS and
RoIAlign against the CPU kernels."""
import pytest
import torch
from mmcv.ops import nms, roi_align
from mmcv.ops.multi_scale_deform_attn import (
    MultiScaleDeformableAttnFunction, multi_scale_deformable_attn_pytorch)

pytestmark = pytest.mark.gpu

# DINO's attention: 8 heads of 32 channels, 4 levels, 4 points per level
SHAPES = [(16, 12), (8, 6), (4, 3), (2, 2)]


def deformable_attention_inputs(dtype, num_queries=50, heads=8, channels=32,
                                points=4):
    generator = torch.Generator().manual_seed(0)
    num_keys = sum(h * w for h, w in SHAPES)
    levels = len(SHAPES)
    value = torch.rand(
        1, num_keys, heads, channels, generator=generator, dtype=dtype)
    locations = torch.rand(
        1, num_queries, heads, levels, points, 2, generator=generator,
        dtype=dtype)
    weights = torch.rand(
        1, num_queries, heads, levels, points, generator=generator,
        dtype=dtype) + 1e-5
    weights = weights / weights.sum((-1, -2), keepdim=True)
    return value, locations, weights


def attend(value, locations, weights, device):
    """Output and the gradients of (output * a fixed upstream) summed."""
    shapes = torch.tensor(SHAPES, dtype=torch.long, device=device)
    starts = torch.cat((shapes.new_zeros(1), shapes.prod(1).cumsum(0)[:-1]))
    inputs = [
        t.to(device).clone().requires_grad_()
        for t in (value, locations, weights)
    ]
    if device == 'cuda':
        output = MultiScaleDeformableAttnFunction.apply(
            inputs[0], shapes, starts, inputs[1], inputs[2], 64)
    else:
        output = multi_scale_deformable_attn_pytorch(inputs[0], shapes,
                                                     inputs[1], inputs[2])
    upstream = torch.linspace(
        -1, 1, output.numel(), dtype=output.dtype).view_as(output)
    (output * upstream.to(device)).sum().backward()
    return [output.detach().cpu()] + [t.grad.cpu() for t in inputs]


@pytest.mark.parametrize('dtype, tolerance', [(torch.float64, 1e-10),
                                              (torch.float32, 1e-4)])
def test_deformable_attention_cuda_equals_the_pytorch_function(
        dtype, tolerance):
    inputs = deformable_attention_inputs(dtype)
    expected = attend(*inputs, device='cpu')
    found = attend(*inputs, device='cuda')
    names = ('output', 'grad value', 'grad sampling locations',
             'grad attention weights')
    for name, want, got in zip(names, expected, found):
        assert got.shape == want.shape, name
        scale = want.abs().max().item()
        assert (got - want).abs().max().item() <= tolerance * max(
            scale, 1.0), name


def test_nms_cuda_keeps_the_cpu_boxes():
    # by hand: boxes 0 and 1 overlap 9x9 = 81 of 100 + 100 - 81 = 119
    # (IoU 0.68 > 0.5): 1, the lower score, goes; 2 is far from both
    boxes = torch.tensor([[0., 0., 10., 10.], [1., 1., 11., 11.],
                          [20., 20., 30., 30.]])
    scores = torch.tensor([0.9, 0.8, 0.7])
    for device in ('cpu', 'cuda'):
        _, keep = nms(boxes.to(device), scores.to(device), 0.5)
        assert keep.tolist() == [0, 2], device
    generator = torch.Generator().manual_seed(0)
    corners = torch.rand(300, 2, generator=generator) * 200
    sizes = torch.rand(300, 2, generator=generator) * 60 + 4
    boxes = torch.cat([corners, corners + sizes], 1)
    scores = torch.rand(300, generator=generator)
    dets_cpu, keep_cpu = nms(boxes, scores, 0.5)
    dets_cuda, keep_cuda = nms(boxes.cuda(), scores.cuda(), 0.5)
    assert 0 < len(keep_cpu) < 300  # the random boxes overlap
    assert keep_cuda.cpu().tolist() == keep_cpu.tolist()
    assert torch.allclose(dets_cuda.cpu(), dets_cpu)


def test_roi_align_cuda_equals_cpu_forward_and_backward():
    # by hand: RoIAlign of a constant map is that constant
    constant = torch.full((1, 2, 20, 20), 3.0)
    rois = torch.tensor([[0., 2., 2., 12., 10.]])
    pooled = roi_align(constant.cuda(), rois.cuda(), (7, 7), 1.0, 2, 'avg',
                       True)
    assert torch.allclose(pooled.cpu(), torch.full((1, 2, 7, 7), 3.0))
    generator = torch.Generator().manual_seed(0)
    features = torch.rand(2, 16, 40, 48, generator=generator)
    corners = torch.rand(32, 2, generator=generator) * 120
    sizes = torch.rand(32, 2, generator=generator) * 60 + 2
    rois = torch.cat([(torch.arange(32) % 2).float()[:, None], corners,
                      corners + sizes], 1)
    outputs, grads = [], []
    for device in ('cpu', 'cuda'):
        x = features.to(device).requires_grad_()
        out = roi_align(x, rois.to(device), (7, 7), 0.25, 2, 'avg', True)
        out.backward(torch.linspace(-1, 1, out.numel()).view_as(out).to(
            device))
        outputs.append(out.detach().cpu())
        grads.append(x.grad.cpu())
    assert outputs[0].abs().sum() > 0
    assert torch.allclose(outputs[1], outputs[0], atol=1e-5)
    assert torch.allclose(grads[1], grads[0], atol=1e-5)
