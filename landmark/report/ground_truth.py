"""The ground truth of a report: the test set of the config, read as the
tools read it (the task's ``set_data_root`` for ``--data-root``, the data
set built from the config without its pipeline), or, for retrieval, the
query and gallery sets of ``tools/retrieve.py``."""
import copy
import os.path as osp
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

import numpy as np
from mmengine.config import Config
from mmengine.registry import DefaultScope

from landmark.core.config_paths import innermost_dataset
from landmark.core.config_scope import TASK_OF_SCOPE


@dataclass
class DetectionTruth:
    """``images``: ``{image id: dict(file_name, bboxes, labels)}`` of the
    COCO file, crowd boxes left out as the metrics leave them out."""
    ann_file: str
    image_dir: str
    class_names: Tuple[str, ...]
    images: Dict


@dataclass
class LabelledImages:
    """Classification truth: ``{image name: (path, class index)}``, each
    photo named as the tools' CSVs name it (the file name, or its path
    under the photos' common folder where file names repeat)."""
    class_names: Tuple[str, ...]
    by_name: Dict[str, Tuple[str, int]]
    left_out: List[Tuple[str, str]] = field(default_factory=list)
    _by_tail: Optional[Dict[str, list]] = field(
        default=None, init=False, repr=False, compare=False)

    def find(self, name: str) -> Optional[Tuple[str, int]]:
        """The photo a prediction row names: by its name, else by the
        one photo whose path ends with it (``tools/infer.py --recursive``
        run on another folder than the test set's names
        ``site_a/glass/0001.jpg`` where the test set says
        ``glass/0001.jpg``); None when no photo, or several, match."""
        known = self.by_name.get(name)
        if known is not None:
            return known
        if self._by_tail is None:
            self._by_tail = {}
            for known in self.by_name.values():
                parts = osp.abspath(known[0]).split(osp.sep)
                for start in range(1, len(parts)):
                    tail = '/'.join(parts[start:])
                    self._by_tail.setdefault(tail, []).append(known)
        matches = self._by_tail.get(name.replace(osp.sep, '/').strip('/'))
        return matches[0] if matches and len(matches) == 1 else None


@dataclass
class MaskPairs:
    """Segmentation truth: ``{image id (stem): data info}`` (``img_path``,
    ``seg_map_path``, ``label_map``), with the classes and palette."""
    class_names: Tuple[str, ...]
    palette: List[List[int]]
    by_id: Dict[str, dict]
    ignore_index: int = 255
    reduce_zero_label: bool = False
    left_out: List[Tuple[str, str]] = field(default_factory=list)


@dataclass
class RetrievalSets:
    """The queries and gallery (``LandmarkImage``) of a retrieval run."""
    queries: list
    gallery: list
    problems: list = field(default_factory=list)


def _set_data_root(task: str):
    if task == 'detection':
        from landmark.detection.apis.data_root import set_data_root
    elif task == 'classification':
        from landmark.classification.apis.runner_setup import set_data_root
    else:
        from landmark.segmentation.apis.tool_runs import set_data_root
    return set_data_root


def task_of_loaded_config(cfg: Config) -> str:
    """The task of a loaded config, told apart as the tools tell it
    (:mod:`landmark.core.config_scope`): the ``default_scope``, and in
    mmpretrain's scope whether it imports ``landmark.retrieval``."""
    task = TASK_OF_SCOPE.get(cfg.get('default_scope'), 'detection')
    imports = (cfg.get('custom_imports') or {}).get('imports', [])
    if task == 'classification' and 'landmark.retrieval' in imports:
        task = 'retrieval'
    return task


def load_report_config(config: str,
                       data_root: Optional[str] = None,
                       cfg_options: Optional[dict] = None,
                       task: Optional[str] = None) -> Tuple[str, Config]:
    """The task and the config, read once, with ``--data-root`` (the
    task's ``set_data_root``) and ``--cfg-options`` applied as
    ``tools/test.py`` applies them.

    Raises:
        FileNotFoundError: ``config`` is not an existing ``.py`` file.
    """
    if not (str(config).endswith('.py') and osp.isfile(config)):
        raise FileNotFoundError(f'config {config!r} does not exist; expected '
                                'a Python config file (.py)')
    cfg = Config.fromfile(config)
    task = task or task_of_loaded_config(cfg)
    if data_root and task != 'retrieval':
        _set_data_root(task)(cfg, data_root)
    if cfg_options:
        cfg.merge_from_dict(cfg_options)
    return task, cfg


def _test_dataset(cfg: Config) -> dict:
    loader = cfg.get('test_dataloader') or cfg.get('val_dataloader')
    if not loader:
        raise ValueError(f'{cfg.filename}: no test_dataloader (nor '
                         'val_dataloader); expected the test set whose '
                         'predictions the report shows')
    dataset = copy.deepcopy(dict(innermost_dataset(loader)))
    dataset['pipeline'] = []
    return dataset


def _left_out(dataset) -> List[Tuple[str, str]]:
    """The photos the data set left out as unreadable, with the reason."""
    return [(path, 'unreadable or missing: left out of the test set')
            for path in getattr(dataset, 'left_out_photos', [])]


def detection_truth(cfg: Config) -> DetectionTruth:
    """The COCO file of the config's test set and its boxes."""
    from landmark.detection.apis.data_root import annotation_file
    from landmark.detection.datasets import read_coco_ground_truth
    dataset = _test_dataset(cfg)
    ann_file = annotation_file(dataset)
    images, classes = read_coco_ground_truth(ann_file)
    prefix = dataset.get('data_prefix') or {}
    image_dir = osp.join(
        dataset.get('data_root') or '',
        prefix.get('img', '') if isinstance(prefix, dict) else prefix)
    return DetectionTruth(ann_file, image_dir, tuple(classes), images)


def classification_truth(cfg: Config) -> LabelledImages:
    """The labelled photos of the config's test set (mmpretrain's data set
    built without pipeline), named as ``tools/test.py --out`` names them
    (:func:`image_names`)."""
    from mmpretrain.registry import DATASETS

    import landmark.classification  # noqa: F401  (registers the data sets)
    from landmark.classification.evaluation.writers.class_scores_csv import \
        image_names
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        dataset = DATASETS.build(_test_dataset(cfg))
    classes = tuple(dataset.metainfo['classes'])
    infos = [dataset.get_data_info(i) for i in range(len(dataset))]
    names = image_names([info['img_path'] for info in infos])
    by_name = {
        name: (info['img_path'],
               int(np.asarray(info['gt_label']).reshape(-1)[0]))
        for name, info in zip(names, infos)
    }
    return LabelledImages(classes, by_name, _left_out(dataset))


def segmentation_truth(cfg: Config) -> MaskPairs:
    """The image/mask pairs of the config's test set (mmseg's data set
    built without pipeline), by image id (file name without extension, as
    the run-length CSV names images)."""
    from mmseg.registry import DATASETS

    import landmark.segmentation  # noqa: F401  (registers the data sets)
    with DefaultScope.overwrite_default_scope('mmseg'):
        dataset = DATASETS.build(_test_dataset(cfg))
    meta = dataset.metainfo
    by_id = {
        osp.splitext(osp.basename(info['img_path']))[0]: info
        for info in (dataset.get_data_info(i) for i in range(len(dataset)))
    }
    return MaskPairs(
        tuple(meta['classes']), [list(c) for c in meta['palette']], by_id,
        int(getattr(dataset, 'ignore_index', 255)),
        bool(meta.get('reduce_zero_label', False)), _left_out(dataset))


def retrieval_sets(queries: Optional[str] = None,
                   gallery: Optional[str] = None,
                   data: Optional[str] = None,
                   queries_per_landmark: int = 1,
                   seed: int = 0,
                   label_depth: Optional[int] = None,
                   image_ids: str = 'path') -> RetrievalSets:
    """The query and gallery photos with their landmark ids, read as
    ``tools/retrieve.py`` reads them (``--queries``/``--gallery``, or
    ``--data`` split with the same seed), except that every photo must have
    its landmark id here: the report scores the rankings against them,
    where ``tools/retrieve.py`` also answers photos of unknown landmark."""
    from landmark.core.data_problems import ProblemLog
    from landmark.retrieval.datasets import (read_landmark_images,
                                             split_query_gallery)
    problems = ProblemLog()

    def read(source):
        return read_landmark_images(
            source,
            problems=problems,
            label_depth=label_depth,
            image_ids=image_ids)

    if data:
        items = read(data)
        query_idx, gallery_idx = split_query_gallery(items,
                                                     queries_per_landmark,
                                                     seed)
        query_set = [items[i] for i in query_idx]
        gallery_set = [items[i] for i in gallery_idx]
    elif queries and gallery:
        query_set, gallery_set = read(queries), read(gallery)
    else:
        raise ValueError('a retrieval report needs the sets the CSV was made '
                         'from: --data (as tools/retrieve.py --data) or '
                         '--queries and --gallery')
    return RetrievalSets(query_set, gallery_set,
                         [(p.source, p.message) for p in problems.problems])
