"""The demo's default config is found from any working directory."""
import os.path as osp
import subprocess
import sys

from landmark.testing import REPO_ROOT


def test_demo_config_loads_outside_the_repository(tmp_path):
    code = ('from landmark.detection.apis import DEMO_CONFIG\n'
            'from mmengine.config import Config\n'
            'print(Config.fromfile(DEMO_CONFIG).default_scope)')
    out = subprocess.run([sys.executable, '-c', code],
                         capture_output=True,
                         text=True,
                         cwd=str(tmp_path))
    assert out.returncode == 0, out.stderr[-1000:]
    assert out.stdout.split() == ['mmdet']
    from landmark.detection.apis import DEMO_CONFIG
    assert osp.dirname(DEMO_CONFIG) == osp.join(REPO_ROOT, 'configs',
                                                'faster-rcnn')
