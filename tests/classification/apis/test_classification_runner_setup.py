import pytest

from landmark.classification.apis import (ModelBudgetError,
                                          is_classification_config,
                                          prepare_test_config,
                                          prepare_train_config)

CPU_CONFIG = 'configs/classification/ce/ce_resnet18_1xb32-64px-10e_trash.py'


def test_scope_tells_classification_from_detection(tmp_path):
    assert is_classification_config(CPU_CONFIG)
    detection = tmp_path / 'det.py'
    detection.write_text("default_scope = 'mmdet'\n")
    assert not is_classification_config(str(detection))


def test_train_refuses_a_model_over_its_budget(tmp_path):
    # ResNet-18 at 64 px: 0.148 GFLOPs (1.82 at 224 px * (64/224)^2)
    with pytest.raises(
            ModelBudgetError,
            match=r'0\.148\d* GFLOPs.*model_budget.max_gflops=0.1'):
        prepare_train_config(
            CPU_CONFIG,
            work_dir=str(tmp_path),
            cfg_options={'model_budget.max_gflops': 0.1})
    cfg = prepare_train_config(
        CPU_CONFIG, work_dir=str(tmp_path), data_root='/elsewhere')
    assert cfg.train_dataloader.dataset.data_root == '/elsewhere'


def test_tta_wraps_the_classifier_and_adds_the_flip_view(tmp_path):
    ckpt = tmp_path / 'w.pth'
    ckpt.write_bytes(b'')
    cfg = prepare_test_config(
        CPU_CONFIG, str(ckpt), work_dir=str(tmp_path), tta=True)
    assert cfg.model.type == 'FlipClsTTAModel'
    assert cfg.model.view_weights == (2.0, 1.0)
    assert cfg.model.module.type == 'ImageClassifier'
    views = cfg.test_dataloader.dataset.pipeline[-1].transforms[0]
    assert [v.prob for v in views] == [0.0, 1.0]
