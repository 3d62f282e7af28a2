"""Files named after inputs stay inside their output folder.

A name that comes from the user's data (an image id from a CSV, a COCO
``file_name`` such as ``../../x.jpg`` or ``/etc/x.jpg``, a class name with a
``/``) becomes one file name in the output folder: its separators are
replaced, ``.`` and ``..`` cannot name a folder, and a name too long for the
file system is shortened.
"""
import os.path as osp

# bytes a file name may hold on ext4, XFS, APFS and NTFS alike
_MAX_NAME_BYTES = 255
_SEPARATORS = ('/', '\\', '\0')


def safe_file_name(name: str) -> str:
    """``name`` as one file name: ``'../../x.jpg'`` -> ``'.._.._x.jpg'``.

    Args:
        name (str): A name from an input (image id, class, file name).

    Returns:
        str: A name with no separator, never ``''``, ``'.'`` or ``'..'``,
        at most 255 bytes in UTF-8 (the extension kept).
    """
    for separator in _SEPARATORS:
        name = name.replace(separator, '_')
    if name in ('', '.', '..'):
        name = '_' * max(1, len(name))
    if len(name.encode('utf-8')) > _MAX_NAME_BYTES:
        stem, ext = osp.splitext(name)
        ext = ext if len(ext.encode('utf-8')) < 16 else ''
        room = _MAX_NAME_BYTES - len(ext.encode('utf-8'))
        stem = stem.encode('utf-8')[:room].decode('utf-8', errors='ignore')
        name = stem + ext
    return name


def file_in_folder(folder: str, name: str) -> str:
    """The path of the file named after ``name`` inside ``folder``.

    Examples:
        >>> file_in_folder('out/drawn', '../../etc/passwd.jpg')
        'out/drawn/.._.._etc_passwd.jpg'
    """
    return osp.join(folder, safe_file_name(name))


def nested_file_in_folder(folder: str, name: str) -> str:
    """The path of ``name`` inside ``folder``, its sub-folders kept (image
    ids such as ``tower03/tower03_05`` draw as ``tower03/tower03_05.jpg``)
    but every step out dropped: ``..``, ``.``, a leading ``/``.

    Examples:
        >>> nested_file_in_folder('show', '../../etc/a/../b.jpg')
        'show/etc/a/b.jpg'
    """
    parts = [
        safe_file_name(part)
        for part in name.replace('\\', '/').split('/')
        if part not in ('', '.', '..')
    ]
    return osp.join(folder, *(parts or ['_']))
