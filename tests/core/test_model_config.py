from mmengine.config import Config

from landmark.core.model_config import model_config_as_runner_builds


def test_top_level_preprocessor_is_merged_into_the_model():
    cfg = Config(dict(model=dict(type='M'),
                      data_preprocessor=dict(mean=[1.0], std=[2.0])))
    model_cfg = model_config_as_runner_builds(cfg)
    assert model_cfg['data_preprocessor'] == dict(mean=[1.0], std=[2.0])
    # a copy: building the model must not change the config
    assert 'data_preprocessor' not in cfg.model


def test_preprocessor_inside_the_model_wins_as_in_the_runner():
    cfg = dict(model=dict(type='M', data_preprocessor=dict(mean=[5.0])),
               data_preprocessor=dict(mean=[1.0]))
    assert model_config_as_runner_builds(cfg)['data_preprocessor'] == dict(
        mean=[5.0])


def test_no_top_level_preprocessor_leaves_the_model_as_it_is():
    assert model_config_as_runner_builds(dict(model=dict(type='M'))) == dict(
        type='M')
