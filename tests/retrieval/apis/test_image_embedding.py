"""load_embedding_model: the model as the runner builds it (normalization
merged in), the embedding's weights only, whatever head the checkpoint
was trained with."""
import pytest
import torch
from mmengine.config import Config

from landmark.retrieval.apis import load_embedding_model
from landmark.testing import REPO_ROOT

CONFIG = (f'{REPO_ROOT}/configs/retrieval/arcface/'
          'arcface-gem_r18_1xb32-64px-20e_synthetic.py')


def _trained_elsewhere(path, num_classes):
    """A checkpoint of the config's model with a ``num_classes`` head."""
    from mmpretrain.registry import MODELS
    cfg = Config.fromfile(CONFIG)
    cfg.model.head.num_classes = num_classes
    model = MODELS.build(cfg.model)
    with torch.no_grad():
        for p in model.parameters():
            p.add_(0.5)  # not the fresh initialization
    torch.save(dict(state_dict=model.state_dict()), path)
    return model.state_dict()


def test_normalized_embedding_whatever_the_head(tmp_path, capsys):
    cfg = Config.fromfile(CONFIG)  # its head says 20 classes
    saved = _trained_elsewhere(str(tmp_path / 'seven.pth'), 7)
    model = load_embedding_model(cfg, str(tmp_path / 'seven.pth'))
    # the ImageNet mean/std of the config's top-level data_preprocessor
    mean = model.data_preprocessor.mean.flatten().tolist()
    assert mean == pytest.approx([123.675, 116.28, 103.53])
    assert model.data_preprocessor.to_rgb
    assert model.head is None  # a 7-class head does not matter here
    for key, value in model.state_dict().items():
        torch.testing.assert_close(value, saved[key])
    # no word about the head's size
    assert 'mismatch' not in ''.join(capsys.readouterr())


def test_checkpoint_of_another_model_refused(tmp_path):
    saved = _trained_elsewhere(str(tmp_path / 'x.pth'), 20)
    broken = {k: v for k, v in saved.items() if 'layer4' not in k}
    torch.save(dict(state_dict=broken), str(tmp_path / 'broken.pth'))
    with pytest.raises(ValueError, match=r"broken.pth' does not fit the "
                       r"config's embedding model: \d+ missing weight"):
        load_embedding_model(Config.fromfile(CONFIG),
                             str(tmp_path / 'broken.pth'))
