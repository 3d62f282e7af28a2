from landmark.classification.apis.model_budget import (ModelBudgetError,
                                                       check_budget,
                                                       check_ensemble_budget,
                                                       check_model_budget,
                                                       model_complexity)

__all__ = [
    'ModelBudgetError', 'check_budget', 'check_ensemble_budget',
    'check_model_budget', 'model_complexity'
]
