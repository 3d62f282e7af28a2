"""Hand the training class counts (and weights) to the model."""
from typing import Optional

from mmengine.hooks import Hook
from mmengine.logging import print_log
from mmengine.model import is_model_wrapper
from mmpretrain.registry import HOOKS

from landmark.classification.class_weights import (CLASS_WEIGHT_MODES,
                                                   class_weights_from_counts)


def innermost_train_dataset(runner):
    """The training dataset under wrappers (``ClassBalancedDataset``...)."""
    dataset = runner.train_dataloader.dataset
    while hasattr(dataset, 'dataset'):
        dataset = dataset.dataset
    return dataset


def log_margins(loss, names) -> None:
    """Log the per-class margins of an LDAM-style loss (one with
    ``margins`` and ``max_m``), so that a run shows the ``max_m`` it
    trained with (``--cfg-options model.head.loss.max_m=0.3``)."""
    margins = getattr(loss, 'margins', None)
    if margins is None or not len(margins):
        return
    print_log(
        f'{type(loss).__name__} margins (max_m={loss.max_m}): ' +
        ', '.join(f'{n}={float(m):.3f}' for n, m in zip(names, margins)),
        logger='current')


@HOOKS.register_module()
class TrainClassCountsHook(Hook):
    """Before training, count the images of each class in the training set,
    log the counts (and the class weights), and give them to the model:

    * every submodule with ``set_class_counts`` (``LDAMLoss``,
      ``RSGModule``) gets the counts;
    * with ``class_weight`` set, the head's loss gets the weights as its
      ``class_weight`` (mmpretrain's ``CrossEntropyLoss`` takes a list).

    Args:
        class_weight (str, optional): ``'balanced'`` (``n / (C * n_c)``,
            scikit-learn's) or ``'effective_number'``; None sets no weights.
        beta (float): ``beta`` of the effective number. Defaults to 0.9999.

    Examples:
        >>> custom_hooks = [dict(type='TrainClassCountsHook',
        ...                      class_weight='balanced')]
    """

    priority = 'ABOVE_NORMAL'

    def __init__(self, class_weight: Optional[str] = None, beta=0.9999):
        if class_weight is not None and \
                class_weight not in CLASS_WEIGHT_MODES:
            raise ValueError(f'TrainClassCountsHook: class_weight='
                             f'{class_weight!r}; expected None or one of '
                             f'{CLASS_WEIGHT_MODES}')
        self.class_weight = class_weight
        self.beta = beta

    def before_train(self, runner) -> None:
        dataset = innermost_train_dataset(runner)
        if not hasattr(dataset, 'class_counts'):
            raise TypeError(f'TrainClassCountsHook: the training dataset '
                            f'{type(dataset).__name__} has no class_counts();'
                            ' expected ClassFolderDataset or ClassCsvDataset')
        counts = dataset.class_counts()
        names = dataset.metainfo.get('classes') or range(len(counts))
        print_log(
            'training images per class: ' +
            ', '.join(f'{n}={c}' for n, c in zip(names, counts)),
            logger='current')
        model = runner.model.module if is_model_wrapper(
            runner.model) else runner.model
        for module in model.modules():
            if hasattr(module, 'set_class_counts'):
                module.set_class_counts(counts)
                log_margins(module, names)
        if self.class_weight is None:
            return
        weights = class_weights_from_counts(counts, self.class_weight,
                                            self.beta)
        print_log(
            f'class weights ({self.class_weight}): ' +
            ', '.join(f'{n}={w:.4f}' for n, w in zip(names, weights)),
            logger='current')
        model.head.loss_module.class_weight = weights
