"""Packaging of landmark, OpenMMLab style: the requirements of each task
live in ``requirements/*.txt`` and are read here.

- ``install_requires``: ``requirements/runtime.txt`` (core and detection)
  and mmcv from ``requirements/mminstall.txt``;
- extras ``classification`` (mmpretrain and what it imports),
  ``segmentation``, ``retrieval`` (takes ``classification``), ``tests``,
  and ``all`` (every one of them).

The rest of the metadata is in ``setup.cfg``. ``make setup`` installs
``.[all]`` after building mmcv and installing mmpretrain without its
dependencies (see the Makefile).
"""
import os.path as osp
import re
from typing import Dict, List

from setuptools import setup

HERE = osp.dirname(osp.abspath(__file__))


def parse_requirements(name: str) -> List[str]:
    """The requirement lines of ``requirements/<name>.txt`` (comments and
    ``-r`` lines left out)."""
    lines = []
    with open(osp.join(HERE, 'requirements', f'{name}.txt')) as f:
        for line in f:
            line = line.split('#')[0].strip()
            if line and not line.startswith('-'):
                lines.append(line)
    return lines


def _mminstall(project: str) -> List[str]:
    """The line of ``project`` in ``requirements/mminstall.txt``."""
    return [
        line for line in parse_requirements('mminstall')
        if re.split(r'[<>=!~ ;\[]', line)[0] == project
    ]


def extras_require() -> Dict[str, List[str]]:
    """The extras per task, and ``all``."""
    classification = _mminstall('mmpretrain') + parse_requirements(
        'classification')
    extras = dict(
        classification=classification,
        segmentation=parse_requirements('segmentation'),
        retrieval=classification + parse_requirements('retrieval'),
        tests=parse_requirements('tests'))
    extras['all'] = sorted(
        {line
         for lines in extras.values() for line in lines})
    return extras


def install_requires() -> List[str]:
    """What the core and detection need."""
    return parse_requirements('runtime') + _mminstall('mmcv')


if __name__ == '__main__':
    setup(install_requires=install_requires(), extras_require=extras_require())
