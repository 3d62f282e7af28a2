import pytest

from landmark.classification.apis import (ModelBudgetError,
                                          check_ensemble_budget,
                                          check_model_budget)


def test_figures_and_refusal_name_the_cap():
    from torch import nn
    model = nn.Conv2d(3, 4, 3, padding=1, bias=False)
    figures = check_model_budget(model, dict(input_shape=(3, 8, 8)))
    assert figures['params_m'] == pytest.approx(108e-6)
    assert figures['gflops'] == pytest.approx(6912e-9)
    with pytest.raises(
            ModelBudgetError, match=r'6\.912e-06 GFLOPs.*max_gflops=5e-06'):
        check_model_budget(model, dict(input_shape=(3, 8, 8), max_gflops=5e-6))


def test_an_ensemble_is_checked_on_its_sum():
    from torch import nn
    models = [nn.Conv2d(3, 4, 3, padding=1, bias=False) for _ in range(2)]
    budget = dict(input_shape=(3, 8, 8), max_params_m=150e-6)
    # each 108 params fits, the two together (216) do not
    check_model_budget(models[0], budget)
    with pytest.raises(ModelBudgetError, match='ensemble of 2 models'):
        check_ensemble_budget(models, budget)


def test_unknown_budget_key_refused():
    from torch import nn
    with pytest.raises(ValueError, match='unknown key'):
        check_model_budget(nn.Conv2d(3, 4, 1), dict(max_flops=1))
