"""mmcv's fp32-only CPU operators under bf16 CPU autocast."""
import torch
from mmcv.ops import RoIAlign, nms

from landmark.core.optim.cpu_autocast_fp32_ops import \
    run_mmcv_ops_in_fp32_under_cpu_autocast


def test_nms_takes_bf16_boxes_under_cpu_autocast():
    run_mmcv_ops_in_fp32_under_cpu_autocast()
    boxes = torch.tensor([[0., 0., 10., 10.], [1., 1., 10., 10.],
                          [20., 20., 30., 30.]]).bfloat16()
    scores = torch.tensor([0.9, 0.8, 0.7]).bfloat16()
    with torch.autocast('cpu', dtype=torch.bfloat16):
        _, keep = nms(boxes, scores, iou_threshold=0.5)
    # box 1 overlaps box 0 by IoU 81/100: suppressed
    assert keep.tolist() == [0, 2]


def test_roi_align_under_cpu_autocast_matches_fp32_and_has_gradients():
    run_mmcv_ops_in_fp32_under_cpu_autocast()
    torch.manual_seed(0)
    layer = RoIAlign(output_size=(2, 2), spatial_scale=1.0, sampling_ratio=2)
    feats = torch.rand(1, 3, 8, 8, requires_grad=True)
    rois = torch.tensor([[0., 1., 1., 6., 6.]])
    expected = layer(feats, rois)
    with torch.autocast('cpu', dtype=torch.bfloat16):
        low = layer(feats.bfloat16(), rois.bfloat16())
    assert low.dtype == torch.bfloat16  # the type it was given
    assert torch.allclose(low.float(), expected, atol=1e-2)
    low.float().sum().backward()
    assert feats.grad is not None and feats.grad.abs().sum() > 0


def test_wrapping_twice_changes_nothing():
    run_mmcv_ops_in_fp32_under_cpu_autocast()
    assert run_mmcv_ops_in_fp32_under_cpu_autocast() == []
