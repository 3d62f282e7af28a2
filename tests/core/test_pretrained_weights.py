import pytest
import torch

from landmark.core.pretrained_weights import (PretrainedWeightsError,
                                              check_pretrained_weights,
                                              checkpoint_url,
                                              drop_pretrained_weights,
                                              find_pretrained_weights)

SWIN_URL = ('https://github.com/SwinTransformer/storage/releases/download/'
            'v1.0.0/swin_large_patch4_window12_384_22k.pth')


def model_cfg(checkpoint):
    return dict(
        type='DINO',
        backbone=dict(
            type='SwinTransformer',
            init_cfg=dict(type='Pretrained', checkpoint=checkpoint)),
        neck=dict(
            type='ChannelMapper',
            init_cfg=[
                dict(type='Xavier', layer='Conv2d'),
            ]))


@pytest.fixture
def empty_download_cache(tmp_path):
    before = torch.hub.get_dir()
    torch.hub.set_dir(str(tmp_path / 'hub'))
    yield tmp_path / 'hub' / 'checkpoints'
    torch.hub.set_dir(before)


def test_find_names_the_config_key():
    assert find_pretrained_weights(model_cfg(SWIN_URL)) == [
        ('model.backbone.init_cfg.checkpoint', SWIN_URL)
    ]
    # the older ``pretrained=`` argument too, inside lists
    assert find_pretrained_weights(dict(heads=[dict(pretrained='a.pth')])) == [
        ('model.heads[0].pretrained', 'a.pth')
    ]


def test_missing_local_file(tmp_path):
    missing = str(tmp_path / 'swin.pth')
    with pytest.raises(PretrainedWeightsError) as err:
        check_pretrained_weights(model_cfg(missing))
    message = str(err.value)
    assert f"the file '{missing}' does not exist" in message
    assert '--cfg-options model.backbone.init_cfg.checkpoint=' in message
    assert '--from-scratch' in message


def test_existing_local_file_passes(tmp_path):
    path = tmp_path / 'swin.pth'
    path.write_bytes(b'weights')
    check_pretrained_weights(model_cfg(str(path)))


def test_unreachable_url_fails_at_once(empty_download_cache):
    asked = []

    def unreachable(url):
        asked.append(url)
        return False

    with pytest.raises(PretrainedWeightsError) as err:
        check_pretrained_weights(model_cfg(SWIN_URL), reachable=unreachable)
    assert asked == [SWIN_URL]
    message = str(err.value)
    assert 'github.com is unreachable' in message
    assert 'model.backbone.init_cfg.checkpoint' in message
    assert str(empty_download_cache) in message


def test_url_already_downloaded_needs_no_network(empty_download_cache):
    empty_download_cache.mkdir(parents=True)
    (empty_download_cache /
     'swin_large_patch4_window12_384_22k.pth').write_bytes(b'weights')

    def no_network(url):
        raise AssertionError('the cache should have been enough')

    check_pretrained_weights(model_cfg(SWIN_URL), reachable=no_network)


def test_torchvision_scheme_is_resolved_to_its_url():
    # the file MMEngine's torchvision:// scheme downloads for resnet50
    # (torchvision's ResNet50_Weights.IMAGENET1K_V1)
    assert checkpoint_url('torchvision://resnet50') == (
        'https://download.pytorch.org/models/resnet50-0676ba61.pth')
    with pytest.raises(PretrainedWeightsError, match='no model'):
        checkpoint_url('torchvision://resnet_nope')


def test_drop_for_training_from_scratch():
    cfg = model_cfg(SWIN_URL)
    assert drop_pretrained_weights(cfg) == 1
    assert cfg['backbone']['init_cfg'] is None
    assert cfg['neck']['init_cfg'] == [dict(type='Xavier', layer='Conv2d')]
    assert find_pretrained_weights(cfg) == []
