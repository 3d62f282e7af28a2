"""A classification config's ``image_size``, applied to its pipelines by
the tools (as a detection config's ``max_pixels``), so that a child config
that sets ``image_size = 64`` changes every pipeline instead of repeating
them: a base file's pipelines are built when the base loads, and a child's
``image_size`` would not reach them."""
from typing import Iterator, List, Optional

from mmengine.config import Config

from landmark.core.config_paths import innermost_dataset

# transform type -> (key, value for a square image of side s)
_SIZE_KEYS = {
    'RandomResizedCrop': ('scale', lambda s: s),
    'Resize': ('scale', lambda s: (s, s)),
    'CenterCrop': ('crop_size', lambda s: s),
}


def _transforms(pipeline: list) -> Iterator[dict]:
    """Every transform of ``pipeline``, inside ``TestTimeAug`` too."""
    for transform in pipeline:
        if transform.get('type') == 'TestTimeAug':
            for branch in transform['transforms']:
                yield from _transforms(branch)
        else:
            yield transform


def config_pipelines(cfg: Config) -> List[list]:
    """The pipelines a run uses: the train, val and test datasets' and the
    config's ``tta_pipeline``."""
    pipelines = []
    for loader in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        if cfg.get(loader):
            pipelines.append(innermost_dataset(cfg[loader]).pipeline)
    if cfg.get('tta_pipeline'):
        pipelines.append(cfg.tta_pipeline)
    return pipelines


def apply_image_size(cfg: Config, image_size: Optional[int] = None) -> None:
    """Set the output size of every resizing and cropping step
    (``RandomResizedCrop``, ``Resize``, ``CenterCrop``) of the config's
    pipelines to ``image_size`` (default: the config's top-level
    ``image_size``; nothing changes when neither is set).

    Examples:
        >>> # a child of configs/_base_/datasets/classification_trash.py
        >>> image_size = 64   # train, val, test and TTA all at 64 px
    """
    size = image_size or cfg.get('image_size')
    if not size:
        return
    for pipeline in config_pipelines(cfg):
        for transform in _transforms(pipeline):
            if transform.get('type') in _SIZE_KEYS:
                key, value = _SIZE_KEYS[transform['type']]
                transform[key] = value(size)
