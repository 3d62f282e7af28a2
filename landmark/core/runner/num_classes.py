"""Give a model config as many classes as its data has, whatever the task:
every ``num_classes`` in the config, however deep (heads, necks, the data
preprocessor's batch augments)."""
from typing import Any, List, Sequence

from mmengine.config import Config
from mmengine.logging import print_log


def set_num_classes(node: Any, counts: Sequence[int]) -> List[Any]:
    """Set every ``num_classes`` under a config node, in place: an integer
    one to ``counts[0]`` when there is one level of classes, a list of as
    many levels as ``counts`` to ``list(counts)``; others are left alone.

    Args:
        node (Any): A config (dict), a list of them, or a leaf value.
        counts (Sequence[int]): The number of classes of each level.

    Returns:
        list: The values replaced, in the order found.

    Examples:
        >>> model = dict(head=dict(num_classes=80), neck=[dict()])
        >>> set_num_classes(model, [5])
        [80]
        >>> model['head']['num_classes']
        5
    """
    old = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == 'num_classes' and isinstance(value, int) and \
                    len(counts) == 1:
                old.append(value)
                node[key] = counts[0]
            elif key == 'num_classes' and isinstance(
                    value, (list, tuple)) and len(value) == len(counts):
                old.append(list(value))
                node[key] = list(counts)
            else:
                old += set_num_classes(value, counts)
    elif isinstance(node, (list, tuple)):
        for value in node:
            old += set_num_classes(value, counts)
    return old


def match_model_classes(cfg: Config, counts: Sequence[int],
                        names: Sequence[str], source: str) -> None:
    """Give the model (and a top-level ``data_preprocessor``) ``counts``
    classes (:func:`set_num_classes`), logging what changed.

    Args:
        cfg (Config): The config to change.
        counts (Sequence[int]): The number of classes of each level.
        names (Sequence[str]): The class names (of the last level), for
            the log line.
        source (str): Where the classes come from, for the log line
            (``'the data set'``).
    """
    old = set_num_classes(cfg.model, counts)
    if cfg.get('data_preprocessor') is not None:
        old += set_num_classes(cfg.data_preprocessor, counts)
    wanted = counts[0] if len(counts) == 1 else list(counts)
    changed = sorted({str(v) for v in old if v != wanted})
    if changed:
        print_log(
            f'model num_classes {", ".join(changed)} -> {wanted} to match '
            f'{source} ({", ".join(names)})',
            logger='current')
