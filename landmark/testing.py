"""Helpers for the test suite (as ``mmdet.testing`` is for MMDetection)."""
import os
import os.path as osp
import subprocess
import sys
from typing import Optional

REPO_ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))


def run_tool(*args: str,
             cwd: str = REPO_ROOT,
             timeout: float = 600,
             env: Optional[dict] = None) -> subprocess.CompletedProcess:
    """Run ``python <args>`` (a ``tools/`` script) in a subprocess, as a user
    would, from the repository root; output is captured as text."""
    full_env = dict(os.environ, PYTHONUNBUFFERED='1', **(env or {}))
    return subprocess.run([sys.executable, *args],
                          cwd=cwd,
                          capture_output=True,
                          text=True,
                          timeout=timeout,
                          env=full_env)
