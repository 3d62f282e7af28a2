"""setup.py declares what each task imports, at the versions the Makefile
installs."""
import importlib.util
import json
import os.path as osp
import re
import subprocess
import sys
from importlib import metadata

import pytest
from packaging.requirements import Requirement

from landmark.testing import REPO_ROOT


def _setup_module():
    spec = importlib.util.spec_from_file_location(
        'landmark_setup', osp.join(REPO_ROOT, 'setup.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # __name__ is not __main__: no setup()
    return module


SETUP = _setup_module()


def _normalize(name: str) -> str:
    return re.sub(r'[-_.]+', '-', name).lower()


def _declared(requirements):
    """The distributions ``requirements`` name and, recursively, those
    their installed metadata requires (extras and markers left out)."""
    todo = [Requirement(r).name for r in requirements]
    seen = set()
    while todo:
        name = _normalize(todo.pop())
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        for line in requires:
            req = Requirement(line)
            if req.marker is None or req.marker.evaluate({'extra': ''}):
                todo.append(req.name)
    return seen


# Imports ``sys.argv[2:]`` in a fresh interpreter in which no module of a
# distribution outside the JSON list ``sys.argv[1]`` can be imported (a None
# entry in sys.modules: ``import`` fails, ``find_spec`` says "absent"): a
# virtual environment holding only what is declared, short of installing
# one.
IMPORT_WITH_ONLY = r"""
import importlib, importlib.metadata as md, json, re, sys
allowed = set(json.loads(sys.argv[1])) | {'landmark'}
for top, dists in md.packages_distributions().items():
    if top not in sys.modules and not {
            re.sub(r'[-_.]+', '-', d).lower() for d in dists} & allowed:
        sys.modules[top] = None
for module in sys.argv[2:]:
    importlib.import_module(module)
"""


@pytest.mark.slow
@pytest.mark.parametrize(
    'package,extra,imported_later',
    [
        ('landmark.detection', None, ['ensemble_boxes']),  # when fusing
        ('landmark.classification', 'classification', []),
        ('landmark.segmentation', 'segmentation', []),
        ('landmark.retrieval', 'retrieval', ['faiss']),  # when searching
    ])
def test_a_task_imports_with_only_what_it_declares(package, extra,
                                                   imported_later):
    # what `pip install -e .[extra]` would install: install_requires, the
    # extra and, recursively, what those require
    requirements = SETUP.install_requires()
    if extra:
        requirements += SETUP.extras_require()[extra]
    declared = sorted(_declared(requirements))
    out = subprocess.run(
        [sys.executable, '-c', IMPORT_WITH_ONLY,
         json.dumps(declared), package, *imported_later],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT)
    # (mmdet imports prettytable and mmpretrain only where installed)
    assert out.returncode == 0, out.stderr[-1500:]


def test_each_task_has_its_extra_and_all_holds_them():
    extras = SETUP.extras_require()
    names = {
        extra: {Requirement(r).name
                for r in lines}
        for extra, lines in extras.items()
    }
    assert 'mmpretrain' in names['classification']
    assert 'mmsegmentation' in names['segmentation']
    assert {'faiss-cpu', 'mmpretrain'} <= names['retrieval']
    assert {'mmdet', 'mmengine', 'mmcv'} <= {
        Requirement(r).name
        for r in SETUP.install_requires()
    }
    assert names['all'] == set.union(
        *(v for k, v in names.items() if k != 'all'))


def test_declared_versions_match_what_make_setup_installs():
    makefile = open(osp.join(REPO_ROOT, 'Makefile')).read()
    torch_pins = re.search(r'^TORCH_PINS := (.*)$', makefile, re.M).group(1)
    build_mmcv = open(osp.join(REPO_ROOT, 'tools', 'build_mmcv.sh')).read()
    mmcv_version = re.search(r'MMCV_VERSION=\$\{MMCV_VERSION:-([\d.]+)\}',
                             build_mmcv).group(1)
    installed = dict(
        pin.split('==') for pin in torch_pins.split())  # torch, torchvision
    installed['mmcv'] = mmcv_version
    requirements = [
        Requirement(r) for r in SETUP.install_requires() +
        SETUP.extras_require()['all']
    ]
    for req in requirements:
        if req.name in installed:
            assert req.specifier.contains(installed[req.name]), req
        # and each pin is the version installed in this environment
        pinned = [s.version for s in req.specifier if s.operator == '==']
        if pinned:
            assert metadata.version(req.name) == pinned[0], req
