"""File names of drawn photos: one per photo, even when two photos share
a name (``a/x.jpg`` and ``b/x.jpg`` predicted together), so no drawing
overwrites another."""
import os.path as osp
from typing import Callable, List, Sequence, Tuple

# extensions a drawing keeps; other photos (.bmp, .tif...) are drawn as .jpg
_DRAWING_EXTENSIONS = ('.jpg', '.jpeg', '.png')


def drawing_extension(path: str) -> str:
    """The photo's own extension when it is JPEG or PNG, else ``.jpg``."""
    ext = osp.splitext(path)[1].lower()
    return ext if ext in _DRAWING_EXTENSIONS else '.jpg'


def drawing_names(
    paths: Sequence[str],
    extension_of: Callable[[str], str] = drawing_extension
) -> Tuple[List[str], List[Tuple[str, List[int]]]]:
    """A distinct file name for the drawing of each photo.

    A photo is drawn as ``<stem><ext>``; photos whose drawings would share
    a name (compared without case, as some file systems do) are drawn as
    ``<stem>_<index><ext>`` instead, ``index`` being the photo's place in
    ``paths`` (its ``img_id`` in ``tools/infer.py``).

    Args:
        paths (Sequence[str]): The photos, in input order.
        extension_of (Callable[[str], str]): The drawing's extension for a
            photo path. Defaults to :func:`drawing_extension`.

    Returns:
        tuple[list[str], list[tuple[str, list[int]]]]: The names, one per
        path; and each clash: the shared name and the indices of the photos
        that had it.

    Examples:
        >>> drawing_names(['a/x.jpg', 'b/x.jpg', 'b/y.png'])
        (['x_0.jpg', 'x_1.jpg', 'y.png'], [('x.jpg', [0, 1])])
    """
    plain = [osp.splitext(osp.basename(p))[0] + extension_of(p) for p in paths]
    holders: dict = {}
    for index, name in enumerate(plain):
        holders.setdefault(name.lower(), []).append(index)
    names = list(plain)
    taken = set(holders)
    clashes = []
    for indices in holders.values():
        if len(indices) < 2:
            continue
        clashes.append((plain[indices[0]], indices))
        for index in indices:
            stem, ext = osp.splitext(plain[index])
            name = f'{stem}_{index}{ext}'
            while name.lower() in taken:  # a photo is already named so
                name = f'{osp.splitext(name)[0]}_{index}{ext}'
            taken.add(name.lower())
            names[index] = name
    return names, clashes


def drawing_clash_notes(paths: Sequence[str], names: Sequence[str],
                        clashes: Sequence[Tuple[str, List[int]]]) -> List[str]:
    """One line per clash of :func:`drawing_names`, naming the photos and
    the drawings they get."""
    return [
        f'note: {len(indices)} photos would be drawn as {name} '
        f'({", ".join(paths[i] for i in indices)}); each drawing is named '
        f'after its photo\'s index instead: '
        f'{", ".join(names[i] for i in indices)}' for name, indices in clashes
    ]
