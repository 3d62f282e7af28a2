"""Find the pieces of an MMEngine config that every task's tools touch."""
from typing import Any, List


def innermost_dataset(dataloader_cfg: dict) -> dict:
    """The dataset config inside wrappers (``RepeatDataset``,
    ``ClassBalancedDataset``...) of a data loader config."""
    dataset = dataloader_cfg['dataset']
    while 'dataset' in dataset:
        dataset = dataset['dataset']
    return dataset


def evaluator_metrics(evaluator_cfg: Any) -> List[dict]:
    """The metric configs of an evaluator config: a list of metrics, an
    ``Evaluator`` dict with ``metrics``, or a single metric."""
    if isinstance(evaluator_cfg, (list, tuple)):
        return list(evaluator_cfg)
    if isinstance(evaluator_cfg, dict) and 'metrics' in evaluator_cfg:
        metrics = evaluator_cfg['metrics']
        return list(metrics) if isinstance(metrics,
                                           (list, tuple)) else [metrics]
    return [evaluator_cfg] if isinstance(evaluator_cfg, dict) else []
