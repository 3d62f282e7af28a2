"""Import mmseg's models without pulling in MMDetection.

mmseg 1.2.2 imports ``mmdet`` from its MaskFormer / Mask2Former heads when
mmdet is installed (it is, for ``landmark.detection``). Importing mmdet
takes seconds and registers a second task's modules; landmark.segmentation
must stand on mmseg alone. While mmseg's models are first imported, ``mmdet``
is hidden (``sys.modules['mmdet'] = None`` makes its import fail, which
mmseg handles by leaving those two heads out), then restored.
"""
import importlib
import sys


def import_mmseg_without_mmdet() -> None:
    """Import ``mmseg.models`` and ``mmseg.evaluation`` with mmdet hidden,
    unless mmdet or mmseg's models are already imported (then there is
    nothing to keep out)."""
    if 'mmdet' in sys.modules or 'mmseg.models' in sys.modules:
        importlib.import_module('mmseg.models')
        importlib.import_module('mmseg.evaluation')
        return
    sys.modules['mmdet'] = None
    try:
        importlib.import_module('mmseg.models')
        importlib.import_module('mmseg.evaluation')
    finally:
        del sys.modules['mmdet']
