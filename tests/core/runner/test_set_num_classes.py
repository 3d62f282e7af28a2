"""set_num_classes: every num_classes under a model config, one level
(an integer) or several (a list as long as the levels)."""
from landmark.core.runner.num_classes import set_num_classes


def test_every_integer_num_classes_is_set_however_deep():
    model = dict(
        head=dict(num_classes=80),
        decoder=[dict(num_classes=80), dict(num_classes=3)],
        neck=dict(channels=256))
    assert set_num_classes(model, [5]) == [80, 80, 3]
    assert model == dict(
        head=dict(num_classes=5),
        decoder=[dict(num_classes=5), dict(num_classes=5)],
        neck=dict(channels=256))


def test_levels_set_a_list_of_as_many_levels_only():
    model = dict(
        head=dict(num_classes=[2, 4]), aux=dict(num_classes=7),
        three=dict(num_classes=[1, 1, 1]))
    assert set_num_classes(model, [3, 9]) == [[2, 4]]
    assert model == dict(
        head=dict(num_classes=[3, 9]), aux=dict(num_classes=7),
        three=dict(num_classes=[1, 1, 1]))
