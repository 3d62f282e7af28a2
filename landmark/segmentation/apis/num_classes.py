"""The number of classes of a segmentation run, matched to its data.

The classes a segmentation config trains and tests on are its data sets'
``metainfo.classes``; the decode head(s) must predict as many. The tools
set every head's ``num_classes`` from the data (as detection sets it from
the annotation file), and refuse a checkpoint that predicts another number
of classes: MMEngine would load it with a warning, leaving the head's last
layer at random weights.
"""
from typing import Iterator, Optional, Sequence, Tuple

from mmengine.config import Config
from mmengine.logging import print_log

from landmark.core.checkpoint_loader import load_checkpoint_safely
from landmark.core.config_paths import innermost_dataset

HEAD_KEYS = ('decode_head', 'auxiliary_head')
LOADERS = ('train_dataloader', 'val_dataloader', 'test_dataloader')


class ClassCountError(ValueError):
    """Classes that disagree; one line naming both counts."""


def _config_name(cfg) -> str:
    return getattr(cfg, 'filename', None) or 'the config'


def _named(classes: Sequence[str]) -> str:
    shown = ', '.join(map(str, list(classes)[:6]))
    return shown + (', ...' if len(classes) > 6 else '')


def data_classes(cfg: Config) -> Optional[Tuple[str, ...]]:
    """The classes of the config's data sets (``metainfo.classes`` of the
    train, val and test data sets), None when none names them.

    Raises:
        ClassCountError: Two data sets name different classes.
    """
    found = {}
    for key in LOADERS:
        if cfg.get(key):
            metainfo = innermost_dataset(cfg[key]).get('metainfo') or {}
            if metainfo.get('classes'):
                found[key] = tuple(metainfo['classes'])
    items = list(found.items())
    for key_b, b in items[1:]:
        key_a, a = items[0]
        if b != a:
            raise ClassCountError(
                f'{_config_name(cfg)}: {key_a} has {len(a)} classes '
                f'({_named(a)}) but {key_b} has {len(b)} ({_named(b)}); '
                'expected the same metainfo classes in every data set')
    return items[0][1] if items else None


def _heads(model: dict) -> Iterator[Tuple[str, dict]]:
    for key in HEAD_KEYS:
        heads = model.get(key)
        if isinstance(heads, dict):
            yield key, heads
        elif isinstance(heads, (list, tuple)):
            for i, head in enumerate(heads):
                yield f'{key}[{i}]', head


def match_num_classes(cfg: Config) -> Optional[int]:
    """Set ``num_classes`` of the decode head and the auxiliary head(s) of
    ``cfg.model`` to the number of the data's classes, saying so when it
    changes one.

    Returns:
        int | None: The number of classes, or None when the data sets name
        no classes (nothing is changed).

    Raises:
        ClassCountError: The data sets disagree.

    Examples:
        >>> # a 3-class head, data with 2 classes: the head gets 2
        >>> match_num_classes(cfg)
        2
    """
    classes = data_classes(cfg)
    if classes is None:
        return None
    for name, head in _heads(cfg.model):
        if head.get('num_classes') != len(classes):
            print_log(
                f'model.{name}.num_classes {head.get("num_classes")} -> '
                f'{len(classes)}, the classes of the data '
                f'({_named(classes)})',
                logger='current')
            head['num_classes'] = len(classes)
    return len(classes)


def checkpoint_num_classes(path: str) -> Tuple[Optional[int], tuple]:
    """How many classes a checkpoint's decode head predicts, and the class
    names it was trained on (``meta.dataset_meta``; empty if unknown).

    A one-channel (sigmoid) head predicts 2 classes, as mmseg counts them.
    The count is None when the checkpoint has no ``decode_head.conv_seg``.
    """
    checkpoint = load_checkpoint_safely(path, map_location='cpu')
    meta = (checkpoint.get('meta') or {}).get('dataset_meta') or {}
    names = tuple(meta.get('classes') or ())
    state = checkpoint.get('state_dict', checkpoint)
    weight = state.get('decode_head.conv_seg.weight')
    if weight is None:
        return (len(names) or None), names
    return (2 if weight.shape[0] == 1 else int(weight.shape[0])), names


def check_checkpoint_classes(checkpoints: Sequence[str],
                             num_classes: Optional[int],
                             classes: Sequence[str] = ()) -> None:
    """Refuse a checkpoint whose head predicts another number of classes
    than ``num_classes`` (the data's), or that was trained on the data's
    classes in another order (its ``meta.dataset_meta`` names them): its
    masks would carry the wrong names.

    Raises:
        ClassCountError: One line naming the checkpoint and both counts (or
            both orders).
    """
    if num_classes is None:
        return
    for path in checkpoints:
        count, names = checkpoint_num_classes(path)
        if count is not None and count != num_classes:
            trained = f' ({_named(names)})' if names else ''
            raise ClassCountError(
                f'{path}: the checkpoint predicts {count} classes{trained} '
                f'but the data has {num_classes} ({_named(classes)}); '
                'expected a checkpoint trained on these classes')
        if names and classes and tuple(names) != tuple(classes) \
                and sorted(names) == sorted(classes):
            raise ClassCountError(
                f'{path}: the checkpoint was trained on the classes in '
                f'the order ({_named(names)}) but the data names them '
                f'({_named(classes)}); expected the same order (the masks '
                'would carry the wrong names)')
