"""``import landmark`` stays light; ``from landmark import Inferencer``
loads the inference package only when asked for."""
import subprocess
import sys

from landmark.testing import REPO_ROOT

HEAVY = ('torch', 'mmdet', 'mmpretrain', 'mmseg', 'mmengine', 'cv2')


def _imported_after(code: str) -> list:
    probe = (f'import sys\n{code}\n'
             f'print([m for m in {HEAVY!r} if m in sys.modules])')
    out = subprocess.run([sys.executable, '-c', probe],
                         cwd=REPO_ROOT,
                         capture_output=True,
                         text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    return eval(out.stdout.strip().splitlines()[-1])


def test_import_landmark_imports_no_heavy_library():
    assert _imported_after('import landmark') == []


def test_inferencer_is_exported_lazily():
    import landmark
    from landmark.inference import Inferencer
    assert landmark.Inferencer is Inferencer
    assert 'Inferencer' in landmark.__all__
    assert 'torch' in _imported_after('from landmark import Inferencer')
    try:
        landmark.NoSuchName
    except AttributeError as err:
        assert 'NoSuchName' in str(err)
    else:
        raise AssertionError('an unknown name should raise AttributeError')
