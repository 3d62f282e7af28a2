"""FusionTTAModel on a deterministic detector (exact numbers) and on the
project's tiny CNN and DINO configs (it runs and returns data samples)."""
import os.path as osp

import cv2
import numpy as np
import pytest
import torch
from mmdet.registry import MODELS
from mmdet.structures import DetDataSample
from mmengine.config import Config
from mmengine.dataset import Compose, pseudo_collate
from mmengine.model import BaseModel
from mmengine.registry import init_default_scope
from mmengine.structures import InstanceData

from landmark.detection.models.tta import FusionTTAModel, flip_tta_pipeline
from landmark.testing import REPO_ROOT

TTA_SNIPPET = osp.join(REPO_ROOT, 'configs', '_base_', 'tta', 'flip-wbf.py')
HEIGHT, WIDTH = 64, 96
# The white rectangle of the test image: x in [10, 40), y in [20, 50).
RECT = (10, 20, 40, 50)
# What the tools give flip-wbf.py: the flip twin of a native-size test
# pipeline (flip_tta_pipeline).
FLIP_PIPELINE = flip_tta_pipeline([
    dict(type='LoadImageFromFile'),
    dict(
        type='PackDetInputs',
        meta_keys=('img_id', 'img_path', 'ori_shape', 'img_shape',
                   'scale_factor'))
])


@MODELS.register_module(force=True)
class ShiftedRectangleDetector(BaseModel):
    """Finds the bright rectangle of an image and reports it 2 px too far
    right (score 0.9, class 0): a detector with a known, flip-visible bias.
    Counts its forward passes and the images each one saw."""

    def __init__(self):
        super().__init__(
            data_preprocessor=MODELS.build(dict(type='DetDataPreprocessor')))
        self.batch_sizes = []

    def forward(self, inputs, data_samples=None, mode='predict'):
        self.batch_sizes.append(len(inputs))
        for image, sample in zip(inputs, data_samples):
            ys, xs = torch.nonzero(image.mean(0) > 127, as_tuple=True)
            box = torch.stack([
                xs.min(), ys.min(),
                xs.max() + 1, ys.max() + 1
            ]).float() + torch.tensor([2., 0., 2., 0.])
            scale = torch.tensor(
                sample.metainfo.get('scale_factor', (1., 1.))).repeat(2)
            sample.pred_instances = InstanceData(
                bboxes=(box / scale)[None],
                scores=torch.tensor([0.9]),
                labels=torch.tensor([0]))
        return data_samples


@pytest.fixture(scope='module', autouse=True)
def mmdet_scope():
    # As the Runner does: transforms and models resolve in mmdet's registry.
    init_default_scope('mmdet')


@pytest.fixture(scope='module')
def rectangle_image(tmp_path_factory) -> str:
    image = np.zeros((HEIGHT, WIDTH, 3), np.uint8)
    x1, y1, x2, y2 = RECT
    image[y1:y2, x1:x2] = 255
    path = str(tmp_path_factory.mktemp('tta') / 'rectangle.png')
    cv2.imwrite(path, image)
    return path


def tta_batch(image_path: str, pipeline: list, copies: int = 1) -> dict:
    transform = Compose(pipeline)
    return pseudo_collate([
        transform(dict(img_path=image_path, img_id=i)) for i in range(copies)
    ])


def test_tta_output_equals_the_hand_fused_views(rectangle_image):
    # Original view: [10 + 2, 20, 40 + 2, 50] = [12, 20, 42, 50].
    # Flipped view (width 96): the rectangle is at x [56, 86), reported at
    # [58, 88]; un-flipped: [96 - 88, 96 - 58] = [8, 38].
    # WBF, weights (2, 1), equal scores: x1 = (2 * 12 + 8) / 3 = 32 / 3,
    # x2 = (2 * 42 + 38) / 3 = 122 / 3; score (2 * .9 + .9) / 3 = 0.9.
    cfg = Config.fromfile(TTA_SNIPPET)
    model = MODELS.build(
        dict(**cfg.tta_model, module=dict(type='ShiftedRectangleDetector')))
    assert isinstance(model, FusionTTAModel)
    results = model.test_step(tta_batch(rectangle_image, FLIP_PIPELINE))
    assert len(results) == 1 and isinstance(results[0], DetDataSample)
    pred = results[0].pred_instances
    torch.testing.assert_close(
        pred.bboxes,
        torch.tensor([[32 / 3, 20., 122 / 3, 50.]]),
        atol=1e-3,
        rtol=0)
    torch.testing.assert_close(pred.scores, torch.tensor([0.9]))
    assert pred.labels.tolist() == [0]
    assert results[0].metainfo['ori_shape'] == (HEIGHT, WIDTH)


def test_both_views_of_a_batch_run_as_one_forward_pass(rectangle_image):
    cfg = Config.fromfile(TTA_SNIPPET)
    outputs = {}
    for batch_views, sizes in ((True, [6]), (False, [3, 3])):
        model = MODELS.build(
            dict(
                cfg.tta_model,
                batch_views=batch_views,
                module=dict(type='ShiftedRectangleDetector')))
        batch = tta_batch(rectangle_image, FLIP_PIPELINE, copies=3)
        outputs[batch_views] = model.test_step(batch)
        assert model.module.batch_sizes == sizes, batch_views
    for one_pass, two_passes in zip(outputs[True], outputs[False]):
        torch.testing.assert_close(one_pass.pred_instances.bboxes,
                                   two_passes.pred_instances.bboxes)


def test_view_weights_must_match_the_views(rectangle_image):
    cfg = Config.fromfile(TTA_SNIPPET)
    model = MODELS.build(
        dict(
            cfg.tta_model,
            view_weights=(1., 1., 1.),
            module=dict(type='ShiftedRectangleDetector')))
    with pytest.raises(
            ValueError, match='got 2 views per image but '
            'view_weights'):
        model.test_step(tta_batch(rectangle_image, FLIP_PIPELINE))


def test_flip_tta_pipeline_keeps_the_test_resize(rectangle_image):
    # The test pipeline halves the image: both views are 32x48, boxes come
    # back in original pixels, so the fused box is the same as at full size.
    test_pipeline = [
        dict(type='LoadImageFromFile'),
        dict(type='Resize', scale=(48, 32), keep_ratio=True),
        dict(
            type='PackDetInputs',
            meta_keys=('img_id', 'img_path', 'ori_shape', 'img_shape',
                       'scale_factor')),
    ]
    pipeline = flip_tta_pipeline(test_pipeline)
    batch = tta_batch(rectangle_image, pipeline)
    views = [view[0] for view in batch['data_samples']]
    assert [s.img_shape for s in views] == [(32, 48)] * 2
    assert [s.flip for s in views] == [False, True]
    model = FusionTTAModel(
        module=dict(type='ShiftedRectangleDetector'), view_weights=(1., 1.))
    pred = model.test_step(batch)[0].pred_instances
    # Half size: reported 1 px right = 2 px in original pixels, both views:
    # original [12, 42], un-flipped [8, 38]; equal weights: mean [10, 40].
    torch.testing.assert_close(
        pred.bboxes, torch.tensor([[10., 20., 40., 50.]]), atol=1e-3, rtol=0)
    with pytest.raises(ValueError, match='ending with PackDetInputs'):
        flip_tta_pipeline(test_pipeline[:2])


@pytest.mark.parametrize('config', [
    'retinanet/retinanet_r18-tiny-fpn_1xb4-320px-12e_landmark.py',
    'dino/dino-4scale_r18-tiny_1xb2-320px-12e_landmark.py',
])
def test_tta_wraps_the_tiny_cnn_and_dino_configs(config, rectangle_image):
    torch.manual_seed(0)
    cfg = Config.fromfile(osp.join(REPO_ROOT, 'configs', config))
    cfg.merge_from_dict(dict(tta_model=Config.fromfile(TTA_SNIPPET).tta_model))
    model = MODELS.build(dict(**cfg.tta_model, module=cfg.model)).eval()
    pipeline = flip_tta_pipeline(cfg.test_dataloader.dataset.pipeline)
    pipeline = [t for t in pipeline if t['type'] != 'LoadAnnotations']
    with torch.no_grad():
        results = model.test_step(tta_batch(rectangle_image, pipeline, 2))
    assert len(results) == 2
    for sample in results:
        pred = sample.pred_instances
        # single_object: the top box only. An untrained model's boxes can
        # be degenerate (zero area), which WBF drops, so 0 is possible too.
        assert len(pred.bboxes) <= 1
        for box, score in zip(pred.bboxes, pred.scores):
            assert 0 <= box[0] <= box[2] <= WIDTH
            assert 0 <= box[1] <= box[3] <= HEIGHT
            assert 0 <= score <= 1


@pytest.mark.parametrize('snippet, method, iou_thr', [
    ('flip-wbf.py', 'wbf', 0.55),
    ('flip-nmw.py', 'nmw', 0.55),
    ('flip-soft-nms.py', 'soft_nms', 0.5),
    ('flip-nms.py', 'nms', 0.5),
])
def test_snippets_combine_with_a_detector_config(snippet, method, iou_thr,
                                                 tmp_path):
    # mmdet style: `_base_ = [model config, tta snippet]`; a key defined in
    # both bases would be refused. Each snippet changes only the fuser: the
    # views' weights and single object are FusionTTAModel's defaults.
    detector = osp.join(REPO_ROOT, 'configs', 'retinanet',
                        'retinanet_r18-tiny-fpn_1xb4-320px-12e_landmark.py')
    config = tmp_path / 'with_tta.py'
    tta = osp.join(osp.dirname(TTA_SNIPPET), snippet)
    config.write_text(f'_base_ = [{detector!r}, {tta!r}]\n')
    cfg = Config.fromfile(str(config))
    # no pipeline of its own: the tools derive it from the test pipeline
    assert 'tta_pipeline' not in cfg
    model = MODELS.build(
        dict(**cfg.tta_model, module=dict(type='ShiftedRectangleDetector')))
    assert isinstance(model, FusionTTAModel)
    assert (model.fuser.method, model.fuser.iou_thr) == (method, iou_thr)
    assert model.view_weights == [2.0, 1.0]
    assert model.fuser.single_object is True
