"""Point a detection config at another data set with the same layout."""
import os.path as osp

from mmengine.config import Config

from landmark.core.config_paths import evaluator_metrics, innermost_dataset


def set_data_root(cfg: Config, data_root: str) -> None:
    """Point every data loader (and the COCO metric's ``ann_file``) at
    another data set with the same layout (``images/``,
    ``annotations/{train,val}.json``)."""
    data_root = osp.join(data_root, '')  # one trailing separator
    for split in ('train', 'val', 'test'):
        loader = cfg.get(f'{split}_dataloader')
        if not loader:
            continue
        dataset = innermost_dataset(loader)
        dataset['data_root'] = data_root
        for metric in evaluator_metrics(cfg.get(f'{split}_evaluator')):
            if 'ann_file' in metric:
                metric['ann_file'] = osp.join(data_root, dataset['ann_file'])
    cfg.data_root = data_root


def annotation_file(dataset_cfg: dict) -> str:
    """The annotation file of a dataset config, joined to its root."""
    ann_file = dataset_cfg.get('ann_file', '')
    data_root = dataset_cfg.get('data_root') or ''
    if data_root and not osp.isabs(ann_file):
        ann_file = osp.join(data_root, ann_file)
    return ann_file
