"""A photo one pixel wide, flipped, packs into a tensor (it ended training
with a data-loader traceback: ``torch.from_numpy`` refuses the flipped
view's negative stride, which NumPy still calls C-contiguous)."""
import numpy as np
import torch
from mmengine.registry import DefaultScope

import landmark.detection  # noqa: F401  (patches mmdet's packer)
import landmark.segmentation  # noqa: F401  (patches mmseg's packer)
from landmark.core.tensor_packing import to_tensor_any_strides


def test_to_tensor_copies_a_negative_stride():
    image = np.arange(6, dtype=np.uint8).reshape(1, 2, 3)[:, ::-1]
    assert image.strides[1] < 0
    assert to_tensor_any_strides(image).tolist() == [[[3, 4, 5], [0, 1, 2]]]


def test_a_flipped_one_pixel_photo_packs_for_detection_and_segmentation():
    from mmdet.registry import TRANSFORMS as DET_TRANSFORMS
    from mmseg.registry import TRANSFORMS as SEG_TRANSFORMS
    image = np.array([[[10, 20, 30]]], dtype=np.uint8)
    flipped = image[:, ::-1]  # what RandomFlip leaves: a view
    assert flipped.flags.c_contiguous and flipped.strides[1] < 0
    meta = dict(img_path='one.png', ori_shape=(1, 1), img_shape=(1, 1))
    with DefaultScope.overwrite_default_scope('mmdet'):
        packed = DET_TRANSFORMS.build(dict(type='PackDetInputs'))(
            dict(img=flipped, img_id=0, **meta))
    assert torch.equal(packed['inputs'], torch.tensor([[[10]], [[20]],
                                                       [[30]]]))
    with DefaultScope.overwrite_default_scope('mmseg'):
        packed = SEG_TRANSFORMS.build(dict(type='PackSegInputs'))(
            dict(img=flipped, gt_seg_map=np.zeros((1, 1), np.uint8), **meta))
    assert packed['inputs'].tolist() == [[[10]], [[20]], [[30]]]
