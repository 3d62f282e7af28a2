"""What the landmark classification datasets share: counts, weights and
the report of unreadable images."""
from typing import List, Optional

from mmengine.logging import print_log
from mmpretrain.datasets import BaseDataset

from landmark.classification.class_weights import class_weights_from_counts
from landmark.core.data_problems import NoUsablePhotosError, ProblemLog
from landmark.core.image_files import (ImageReadError,
                                       check_image_before_loading)


class LabelledImageDataset(BaseDataset):
    """:class:`BaseDataset` with per-class counts and weights, and images
    whose header cannot be read reported (one line each, naming the file)
    and left out, with a count. Subclasses build ``self.problems`` entries
    through :meth:`keep_readable`.
    """

    def class_counts(self) -> List[int]:
        """Images per class (``gt_label``), in class-id order."""
        counts = [0] * len(self.metainfo['classes'])
        for i in range(len(self)):
            label = int(self.get_data_info(i)['gt_label'])
            if label >= 0:
                counts[label] += 1
        return counts

    def class_weights(self,
                      mode: str = 'balanced',
                      beta: float = 0.9999) -> List[float]:
        """Class weights from :meth:`class_counts` (see
        :func:`class_weights_from_counts`)."""
        return class_weights_from_counts(self.class_counts(), mode, beta)

    def keep_readable(self,
                      data_list: List[dict],
                      problems: Optional[ProblemLog] = None) -> List[dict]:
        """The items whose image header reads (and, for a JPEG, that holds
        its end marker, as training checks); the others are reported, and
        kept in ``left_out_photos`` for the run's summary."""
        self.problems = problems or ProblemLog()
        kept = []
        for item in data_list:
            try:
                check_image_before_loading(item['img_path'])
            except ImageReadError as err:
                kind = 'missing_image' if 'does not exist' in str(err) \
                    else 'unreadable_image'
                self.problems.add(kind, item['img_path'],
                                  'expected a readable image; skipped')
                continue
            kept.append(item)
        self.report_problems()
        self.left_out_photos = [
            p.source for p in self.problems.problems
            if p.skipped and p.kind in ('missing_image', 'unreadable_image')
        ]
        if data_list and not kept:
            first = data_list[0]['img_path']
            # a name with a line break (a quoted CSV cell) keeps one line
            first = first if first.isprintable() else repr(first)
            raise NoUsablePhotosError(
                f'{type(self).__name__}: none of its {len(data_list)} '
                f'image(s) can be read, e.g. {first} '
                '(each named above); expected readable images')
        return kept

    def report_problems(self) -> None:
        if self.problems.problems:
            print_log(
                f'{type(self).__name__}: {self.problems.num_skipped} '
                f'image(s) skipped\n{self.problems.summary()}',
                logger='current',
                level=30)
