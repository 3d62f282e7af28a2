"""Query images whose ground truth is the gallery images of their
landmark, as mmpretrain's retrieval metrics and ``ImageToImageRetriever``
expect."""
from typing import List

from mmpretrain.registry import DATASETS

from landmark.classification.datasets import ClassCsvDataset


@DATASETS.register_module()
class QueryCsvDataset(ClassCsvDataset):
    """A ``filename,landmark_id`` CSV of queries, each labelled with the
    indices of the gallery images (another CSV, read the same way as the
    gallery's own ``ClassCsvDataset`` reads it, so the indices match) that
    show its landmark: ``gt_label`` is that index list (empty when the
    landmark is not in the gallery) and ``landmark_label`` the query's own
    class id. This is the ground truth of mmpretrain's
    ``RetrievalAveragePrecision`` / ``RetrievalRecall`` and of
    ``RetrievalMAPMetric``, with the model's ``prototype`` the gallery.

    Args:
        ann_file (str): The queries' CSV.
        gallery_ann_file (str): The gallery's CSV (under ``data_root``
            unless absolute).
        data_root (str): Root of both CSVs and the images.
        data_prefix (str): Folder of the images under ``data_root``.
        **kwargs: As ``ClassCsvDataset``.

    Examples:
        >>> dataset = dict(type='QueryCsvDataset',
        ...                data_root='data/retrieval_synthetic',
        ...                ann_file='val.csv', gallery_ann_file='train.csv')
    """

    def __init__(self,
                 ann_file: str,
                 gallery_ann_file: str,
                 data_prefix: str = '',
                 **kwargs):
        self.gallery_ann_file = gallery_ann_file
        self.gallery_prefix = data_prefix  # BaseDataset joins data_root
        super().__init__(ann_file, data_prefix=data_prefix, **kwargs)

    def load_data_list(self) -> List[dict]:
        queries = super().load_data_list()
        query_classes = self._metainfo['classes']
        # ann_file relative to data_root, as the gallery's own dataset reads
        # it (joined with data_root once, by BaseDataset)
        gallery = ClassCsvDataset(
            ann_file=self.gallery_ann_file,
            data_root=self.data_root,
            data_prefix=self.gallery_prefix,
            pipeline=[])
        gallery_classes = gallery.metainfo['classes']
        members = {}
        for index in range(len(gallery)):
            label = gallery.get_data_info(index)['gt_label']
            if label >= 0:  # a photo without an id (-1) is no one's match
                members.setdefault(gallery_classes[label], []).append(index)
        for item in queries:
            label = item['gt_label']
            item['landmark_label'] = label
            # a query without a landmark id (-1) has nothing to find
            item['gt_label'] = members.get(query_classes[label],
                                           []) if label >= 0 else []
        return queries
