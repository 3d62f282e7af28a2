from landmark.classification.apis.model_budget import (DEFAULT_INPUT_SHAPE,
                                                       ModelBudgetError,
                                                       check_budget,
                                                       check_ensemble_budget,
                                                       check_model_budget,
                                                       model_complexity,
                                                       tightest_caps)
from landmark.classification.apis.runner_setup import (
    apply_tta, build_config_model, check_config_budget,
    check_ensemble_config_budget, prediction_writer,
    prepare_test_config, prepare_train_config)

__all__ = [
    'DEFAULT_INPUT_SHAPE', 'ModelBudgetError', 'apply_tta',
    'build_config_model', 'check_budget', 'check_config_budget',
    'check_ensemble_config_budget', 'check_ensemble_budget',
    'check_model_budget', 'model_complexity',
    'prediction_writer', 'prepare_test_config', 'prepare_train_config',
    'tightest_caps'
]
