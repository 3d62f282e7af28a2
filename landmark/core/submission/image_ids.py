"""Image ids of a submission file: their order and their uniqueness."""
import re
from typing import Dict


def image_id_sort_key(image_id: str) -> tuple:
    """Natural order: ``img_2`` before ``img_10``, numbers by value."""
    parts = re.split(r'(\d+)', str(image_id))
    return tuple(
        (0, int(p), '') if p.isdigit() else (1, 0, p) for p in parts if p)


class UniqueImageIds:
    """Give each image id to one image only.

    Two photos ``a/x.jpg`` and ``b/x.jpg`` named by their stem would share
    the id ``x``, and the second one's rows would pass for the first's.

    Args:
        hint (str): What to do about a clash, appended to the error.

    Examples:
        >>> ids = UniqueImageIds('rename the files')
        >>> ids.add('x', 'a/x.jpg')
        >>> ids.add('x', 'b/x.jpg')  # ValueError naming both files
    """

    def __init__(self, hint: str) -> None:
        self.hint = hint
        self._source_of: Dict[str, str] = {}

    def add(self, image_id: str, source: str) -> None:
        """Record that ``source`` (a file, or ``image 3``) has ``image_id``.

        Raises:
            ValueError: Another source has that id; names both.
        """
        if image_id in self._source_of:
            raise ValueError(
                f'image id {image_id!r} is given to both '
                f'{self._source_of[image_id]!r} and {source!r}; {self.hint}')
        self._source_of[image_id] = source
