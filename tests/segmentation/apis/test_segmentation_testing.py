"""configure_segmentation_test: the model as the runner builds it, the
classes matched to the data, a checkpoint of another class count refused,
the TTA pipeline derived from the test pipeline (its resizes kept)."""
import pytest
import torch
from mmengine.config import Config

from landmark.segmentation.apis.num_classes import ClassCountError
from landmark.segmentation.apis.pixel_budget import apply_pixel_budget
from landmark.segmentation.apis.segmentation_testing import (
    configure_segmentation_test, flip_tta_pipeline)


def _types(pipeline):
    return [step['type'] for step in pipeline]


def test_ensemble_model_gets_the_top_level_preprocessor(
        tmp_path, tiny_masks_config, save_random_segmentor):
    a = save_random_segmentor(str(tmp_path / 'a.pth'), 0)
    cfg = Config.fromfile(tiny_masks_config)
    assert 'data_preprocessor' not in cfg.model  # top-level in the config
    tested = configure_segmentation_test(cfg, [a, a], tta=True)
    ensemble = tested.model.module
    assert ensemble.type == 'CheckpointEnsembleSegmentor'
    assert ensemble.data_preprocessor.mean == [123.675, 116.28, 103.53]


def test_checkpoint_with_another_class_count_is_refused_in_one_line(
        tmp_path, tiny_masks_config, save_random_segmentor):
    a = save_random_segmentor(str(tmp_path / 'a.pth'), 0)  # 6 classes
    cfg = Config.fromfile(tiny_masks_config)
    for key in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        cfg[key].dataset.metainfo = dict(classes=('bg', 'tower'),
                                         palette=[[0, 0, 0], [255, 0, 0]])
    with pytest.raises(ClassCountError) as err:
        configure_segmentation_test(cfg, [a])
    assert str(err.value) == (
        f'{a}: the checkpoint predicts 6 classes but the data has 2 (bg, '
        'tower); expected a checkpoint trained on these classes')


def test_heads_get_the_data_class_count(tmp_path, tiny_masks_config,
                                        save_random_segmentor):
    cfg = Config.fromfile(tiny_masks_config)
    cfg.model.decode_head.num_classes = 3  # a head written for 3 classes
    cfg.model.auxiliary_head = [dict(type='FCNHead', num_classes=3)]
    a = save_random_segmentor(str(tmp_path / 'a.pth'), 0)
    tested = configure_segmentation_test(cfg, [a])
    assert tested.model.decode_head.num_classes == 6  # 6 metainfo classes
    assert tested.model.auxiliary_head[0].num_classes == 6


def test_data_sets_naming_other_classes_are_refused(tiny_masks_config):
    cfg = Config.fromfile(tiny_masks_config)
    cfg.val_dataloader.dataset.metainfo = dict(classes=('a', 'b'))
    with pytest.raises(ClassCountError,
                       match=r'train_dataloader has 6 classes \(background, '
                       r'tower, dome, arch, pyramid, bridge\) but '
                       r'val_dataloader has 2 \(a, b\)'):
        configure_segmentation_test(cfg, ['unused.pth'])


def test_tta_keeps_every_resize_of_the_test_pipeline(tmp_path,
                                                     tiny_masks_config,
                                                     save_random_segmentor):
    a = save_random_segmentor(str(tmp_path / 'a.pth'), 0)
    cfg = Config.fromfile(tiny_masks_config)
    test = cfg.test_dataloader.dataset.pipeline
    test.insert(1, dict(type='Resize', scale=(64, 64), keep_ratio=True))
    apply_pixel_budget(cfg, max_pixels=4096)
    tested = configure_segmentation_test(cfg, [a], tta=True)
    tta = tested.test_dataloader.dataset.pipeline
    assert _types(tta) == ['LoadImageFromFile', 'Resize', 'PixelBudgetResize',
                           'TestTimeAug']
    assert tta[2]['max_pixels'] == 4096
    views, annotations, packing = tta[3]['transforms']
    assert [v['prob'] for v in views] == [0., 1.]
    assert _types(annotations + packing) == ['LoadAnnotations',
                                             'PackSegInputs']


def test_flip_tta_pipeline_without_annotations():
    assert flip_tta_pipeline([dict(type='LoadImageFromFile'),
                              dict(type='PackSegInputs')])[1][
                                  'transforms'][1] == [
                                      dict(type='PackSegInputs')]


def test_tta_of_the_derived_pipeline_runs_views_at_the_budget(
        tmp_path, tiny_masks_config, save_random_segmentor):
    # the views of a 96x64 photo under a 1536-pixel budget are 48x32; the
    # merged mask is back at 96x64 (the photo's size)
    from mmengine.dataset import Compose
    from mmengine.registry import DefaultScope

    from landmark.segmentation.datasets import generate_landmark_mask_dataset
    root = str(tmp_path / 'masks')
    generate_landmark_mask_dataset(root, 0, 1, sizes=((96, 64), ))
    cfg = Config.fromfile(tiny_masks_config)
    cfg.test_dataloader.dataset.data_root = root
    apply_pixel_budget(cfg, max_pixels=1536)
    a = save_random_segmentor(str(tmp_path / 'a.pth'), 0)
    tested = configure_segmentation_test(cfg, [a], tta=True)
    with DefaultScope.overwrite_default_scope('mmseg'):
        pipeline = Compose(tested.test_dataloader.dataset.pipeline)
        data = pipeline(dict(img_path=f'{root}/images/00000.png',
                             seg_map_path=f'{root}/masks/00000.png',
                             reduce_zero_label=False, seg_fields=[]))
    assert [tuple(x.shape) for x in data['inputs']] == [(3, 32, 48)] * 2
    assert [s.gt_sem_seg.data.shape for s in data['data_samples']] == [
        torch.Size([1, 64, 96])] * 2


def test_a_checkpoint_trained_on_the_classes_in_another_order_is_refused(
        tmp_path, tiny_masks_config, save_random_segmentor):
    path = save_random_segmentor(str(tmp_path / 'a.pth'), 0)
    cfg = Config.fromfile(tiny_masks_config)
    classes = tuple(cfg.test_dataloader.dataset.metainfo.classes)
    checkpoint = torch.load(path, weights_only=False)
    # trained with 'tower' and 'dome' swapped (the converter's palette
    # given in another order): same count, the masks' names would swap
    swapped = (classes[0], classes[2], classes[1]) + classes[3:]
    checkpoint['meta'] = dict(dataset_meta=dict(classes=swapped))
    torch.save(checkpoint, path)
    with pytest.raises(ClassCountError) as err:
        configure_segmentation_test(cfg, [path])
    assert str(err.value) == (
        f'{path}: the checkpoint was trained on the classes in the order '
        '(background, dome, tower, arch, pyramid, bridge) but the data names '
        'them (background, tower, dome, arch, pyramid, bridge); expected the '
        'same order (the masks would carry the wrong names)')
    # renamed classes (same count, other names) load
    checkpoint['meta'] = dict(dataset_meta=dict(classes=('a', ) * 6))
    torch.save(checkpoint, path)
    configure_segmentation_test(cfg, [path])
