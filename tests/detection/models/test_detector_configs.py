"""Every detector config builds; the tiny CPU variants train and predict."""
import glob
import os.path as osp

import pytest
import torch
from mmdet.registry import MODELS
from mmdet.testing import demo_mm_inputs
from mmengine.config import Config
from torch import nn

import landmark.detection  # noqa: F401 (registers the modules)
from landmark.core.pretrained_weights import find_pretrained_weights
from landmark.detection.apis import apply_single_object_top1
from landmark.testing import REPO_ROOT

FAMILIES = ('dino', 'faster-rcnn', 'retinanet', 'cascade-rcnn')
CONFIGS = sorted(
    p for family in FAMILIES
    for p in glob.glob(osp.join(REPO_ROOT, 'configs', family, '*.py')))
TINY_CONFIGS = [p for p in CONFIGS if '-tiny' in osp.basename(p)]
SWIN_L = osp.join(REPO_ROOT, 'configs', 'dino',
                  'dino-5scale_swin-l_1xb2-native-res-12e_landmark.py')


def config_id(path):
    return osp.basename(path)[:-3]


@pytest.fixture
def one_thread():
    """Tiny models run faster on one thread on a shared, busy CPU."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def test_the_tiny_configs_others_use_exist():
    # the TTA, export and demo work refer to these paths
    for path in (
            'faster-rcnn/faster-rcnn_r18-tiny-fpn_1xb4-320px-12e_landmark',
            'retinanet/retinanet_r18-tiny-fpn_1xb4-320px-12e_landmark',
            'cascade-rcnn/cascade-rcnn_r18-tiny-fpn_1xb4-320px-12e_landmark',
            'dino/dino-4scale_swin-2stage-tiny_1xb2-320px-12e_landmark',
            'dino/dino-4scale_r18-tiny_1xb2-320px-12e_landmark'):
        assert osp.join(REPO_ROOT, 'configs', f'{path}.py') in TINY_CONFIGS


# What each config must build, written out by hand: detector, backbone
# (ResNet depth or Swin stage depths), DINO queries, activation
# checkpointing in the backbone. Every head has 5 classes and keeps at most
# 10 boxes per image (one landmark per scene).
EXPECTED = {
    'cascade-rcnn_r18-tiny-fpn_1xb4-320px-12e_landmark':
    ('CascadeRCNN', 18, None, False),
    'cascade-rcnn_r50-fpn_1xb2-native-res-12e_landmark':
    ('CascadeRCNN', 50, None, False),
    'dino-4scale_r18-tiny_1xb2-320px-12e_landmark': ('DINO', 18, 20, False),
    'dino-4scale_r50_1xb2-native-res-12e_landmark': ('DINO', 50, 100, True),
    'dino-4scale_swin-2stage-tiny_1xb2-320px-12e_landmark':
    ('DINO', [2, 2], 20, False),
    'dino-4scale_swin-t_1xb2-native-res-12e_landmark': ('DINO', [2, 2, 6, 2],
                                                        100, True),
    'dino-5scale_swin-l_1xb2-native-res-12e_landmark': ('DINO', [2, 2, 18, 2],
                                                        100, True),
    'faster-rcnn_r18-tiny-fpn_1xb4-320px-12e_landmark': ('FasterRCNN', 18,
                                                         None, False),
    'faster-rcnn_r50-fpn_1xb2-native-res-12e_landmark': ('FasterRCNN', 50,
                                                         None, False),
    'retinanet_r18-tiny-fpn_1xb4-320px-12e_landmark': ('RetinaNet', 18, None,
                                                       False),
    'retinanet_r18-tiny-fpn_1xb4-320px-flip-wbf-12e_landmark':
    ('RetinaNet', 18, None, False),
    'retinanet_r50-fpn_1xb2-native-res-12e_landmark': ('RetinaNet', 50, None,
                                                       False),
}


def test_every_config_has_expectations():
    assert sorted(map(config_id, CONFIGS)) == sorted(EXPECTED)


def assert_builds_as_expected(model, name):
    """The built model is the detector EXPECTED names for ``name``."""
    detector, backbone, queries, with_cp = EXPECTED[name]
    assert type(model).__name__ == detector
    if isinstance(backbone, int):
        assert model.backbone.depth == backbone
    else:
        assert [len(stage.blocks)
                for stage in model.backbone.stages] == backbone
    assert getattr(model, 'num_queries', None) == queries
    flags = {
        m.with_cp
        for m in model.backbone.modules() if hasattr(m, 'with_cp')
    }
    assert flags == {with_cp}
    if hasattr(model, 'roi_head'):
        heads = model.roi_head.bbox_head
        heads = list(heads) if isinstance(heads, nn.ModuleList) else [heads]
        test_cfg = model.test_cfg.rcnn
    else:
        heads, test_cfg = [model.bbox_head], model.test_cfg
    assert [h.num_classes for h in heads] == [5] * len(heads)
    assert test_cfg.max_per_img == 10


@pytest.mark.parametrize(
    'path', [p for p in CONFIGS if p != SWIN_L], ids=config_id)
def test_config_builds_its_model(path):
    cfg = Config.fromfile(path)
    assert cfg.custom_imports['imports'] == ['landmark.detection']
    assert_builds_as_expected(MODELS.build(cfg.model), config_id(path))
    train = cfg.train_dataloader.dataset
    assert train.type == 'LandmarkDataset'
    assert train.single_object_policy == 'largest'
    types = [t['type'] for t in train.pipeline]
    # native resolution: no fixed-scale resize and no crop
    assert 'NativeResolution' in types and 'RandomFlip' in types
    assert not {'Resize', 'RandomCrop', 'RandomChoiceResize'} & set(types)
    metrics = cfg.val_evaluator
    metrics = metrics.get('metrics', metrics) if isinstance(metrics,
                                                            dict) else metrics
    assert [m['type'] for m in metrics] == ['CocoMetric', 'SingleObjectMetric']


@pytest.mark.parametrize('path', TINY_CONFIGS, ids=config_id)
def test_tiny_configs_train_from_scratch(path):
    cfg = Config.fromfile(path)
    assert find_pretrained_weights(cfg.model) == []
    assert cfg.max_long_side == 320  # written into the pipelines by the tools


def test_swin_l_headline_config_without_running():
    cfg = Config.fromfile(SWIN_L)
    assert find_pretrained_weights(cfg.model) == [
        ('model.backbone.init_cfg.checkpoint',
         'https://github.com/SwinTransformer/storage/releases/download/'
         'v1.0.0/swin_large_patch4_window12_384_22k.pth')
    ]
    optim = cfg.optim_wrapper
    # effective batch 2: batch 1, 2 steps accumulated (no padding waste)
    assert cfg.train_dataloader.batch_size * optim.accumulative_counts == 2
    assert optim.optimizer.type == 'AdamW' and optim.optimizer.lr == 1e-4
    assert optim.paramwise_cfg.custom_keys['backbone'].lr_mult == 0.1
    assert cfg.model.data_preprocessor.pad_size_divisor == 32
    model = MODELS.build(cfg.model)
    assert_builds_as_expected(model, config_id(SWIN_L))
    assert model.backbone.stages[0].blocks[0].attn.w_msa.embed_dims == 192
    assert model.num_feature_levels == 5
    # Swin-L alone is ~197M parameters; the whole DINO ~218M
    assert 200e6 < sum(p.numel() for p in model.parameters()) < 240e6


def _inputs(model, num_classes=5, training=True):
    packed = demo_mm_inputs(
        batch_size=2,
        image_shapes=[(3, 96, 128), (3, 128, 96)],
        num_items=[1, 1],
        num_classes=num_classes,
        use_box_type=True)
    return model.data_preprocessor(packed, training)


@pytest.mark.parametrize('path', TINY_CONFIGS, ids=config_id)
def test_tiny_model_trains_a_step_and_predicts(path, one_thread):
    torch.manual_seed(0)
    cfg = Config.fromfile(path)
    model = MODELS.build(cfg.model)
    model.init_weights()
    model.train()
    losses = model(**_inputs(model), mode='loss')
    total, _ = model.parse_losses(losses)
    assert torch.isfinite(total)
    total.backward()
    grads = [p.grad for p in model.backbone.parameters() if p.grad is not None]
    assert grads and any(g.abs().sum() > 0 for g in grads)

    model.eval()
    with torch.no_grad():
        preds = model(**_inputs(model, training=False), mode='predict')
    assert len(preds) == 2
    for pred in preds:
        inst = pred.pred_instances
        height, width = pred.ori_shape
        assert len(inst.bboxes) <= 10  # small max_per_img: one object
        assert (inst.labels < 5).all()
        assert (inst.bboxes[:, 2] <= width + 1e-3).all()
        assert (inst.bboxes[:, 3] <= height + 1e-3).all()


@pytest.mark.parametrize('family', ['faster-rcnn', 'dino'])
def test_single_object_top1_switch_keeps_one_box(family, one_thread):
    path = next(p for p in TINY_CONFIGS if f'configs/{family}/' in p)
    cfg = Config.fromfile(path)
    cfg.single_object_top1 = True
    assert apply_single_object_top1(cfg)
    torch.manual_seed(0)
    model = MODELS.build(cfg.model)
    model.init_weights()
    model.eval()
    with torch.no_grad():
        preds = model(**_inputs(model, training=False), mode='predict')
    assert [len(p.pred_instances.bboxes) for p in preds] == [1, 1]
