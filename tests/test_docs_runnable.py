"""The README's quick starts run as written in a fresh clone.

A fenced block whose info string says ``runnable=GROUP`` (```` ```bash
runnable=detection ````, ```` ```python runnable=detection ````) is run for
real: the blocks of one group, in the order the pages hold them, in a new
folder where only ``configs/`` and ``tools/`` are linked in (so ``data/``,
``work_dirs/`` and ``outputs/`` start empty, as in a fresh clone), with the
Python of this test first on ``PATH``. Every command must exit 0, and every
file or folder under ``data/``, ``work_dirs/`` or ``outputs/`` that a block
names must exist afterwards.

``make test`` runs the detection group; ``LANDMARK_DOCS_RUN=1`` runs every
group (each takes minutes on 2 CPU cores: docs/get_started.md, "Docs that
cannot rot").
"""
import os
import os.path as osp
import re
import resource
import subprocess
import sys
import time

import pytest

from landmark.testing import REPO_ROOT

RUNNABLE = re.compile(r'^```(\w+)\s+runnable=([\w-]+)\s*$')
# the group make test runs; the others need LANDMARK_DOCS_RUN=1
DEFAULT_GROUPS = ('detection', )
# what a block writes or reads in its folder (globs left out)
NAMED_PATH = re.compile(r'(?<![\w/.-])((?:data|work_dirs|outputs)/[\w./-]+)')
LINKED = ('configs', 'tools')


def doc_pages():
    pages = ['README.md']
    docs = osp.join(REPO_ROOT, 'docs')
    pages += sorted(
        osp.join('docs', name) for name in os.listdir(docs)
        if name.endswith('.md'))
    return pages


def runnable_blocks():
    """``{group: [(where, language, code), ...]}`` in page order."""
    groups = {}
    for page in doc_pages():
        with open(osp.join(REPO_ROOT, page), encoding='utf-8') as f:
            lines = f.read().splitlines()
        block = None
        for number, line in enumerate(lines, 1):
            if block is None:
                match = RUNNABLE.match(line.strip())
                if match:
                    block = (f'{page}:{number}', match.group(1),
                             match.group(2), [])
                elif line.lstrip().startswith('```'):
                    block = ('', '', None, [])  # a block not to run
            elif line.lstrip().startswith('```'):
                where, language, group, code = block
                if group is not None:
                    groups.setdefault(group, []).append(
                        (where, language, '\n'.join(code) + '\n'))
                block = None
            else:
                block[3].append(line)
    return groups


GROUPS = runnable_blocks()


def group_script(blocks):
    """One bash script running the blocks in turn: bash as it is, Python
    through ``python -`` with the block as its input."""
    parts = ['set -euo pipefail']
    for where, language, code in blocks:
        parts.append(f'echo "=== {where}"')
        if language == 'bash':
            parts.append(code)
        elif language == 'python':
            parts.append(f"python - <<'LANDMARK_DOCS_PYTHON'\n{code}"
                         'LANDMARK_DOCS_PYTHON')
        else:
            raise AssertionError(f'{where}: cannot run a {language} block')
    return '\n'.join(parts) + '\n'


def named_paths(blocks):
    """The paths under data/, work_dirs/ and outputs/ the blocks name."""
    paths = set()
    for _, _, code in blocks:
        for path in NAMED_PATH.findall(code):
            path = path.rstrip('.,')
            if not any(c in path for c in '*?[$'):
                paths.add(path)
    return sorted(paths)


def test_the_quick_starts_are_marked_runnable():
    # guards the extraction: the README's four quick starts are found,
    # each with the commands of its task, and the detection group reaches
    # the Python API
    assert set(GROUPS) >= {
        'detection', 'classification', 'segmentation', 'retrieval'
    }
    for group, blocks in GROUPS.items():
        code = ''.join(c for _, _, c in blocks)
        assert 'tools/train.py' in code and 'tools/test.py' in code, group
    languages = [language for _, language, _ in GROUPS['detection']]
    assert 'python' in languages


@pytest.mark.slow
@pytest.mark.parametrize('group', sorted(GROUPS))
def test_quick_start_runs_in_a_fresh_folder(group, tmp_path):
    if group not in DEFAULT_GROUPS and not os.environ.get('LANDMARK_DOCS_RUN'):
        pytest.skip(f'the {group} quick start runs with LANDMARK_DOCS_RUN=1 '
                    f'(minutes on 2 CPU cores; make test runs '
                    f'{", ".join(DEFAULT_GROUPS)})')
    blocks = GROUPS[group]
    for name in LINKED:
        os.symlink(osp.join(REPO_ROOT, name), tmp_path / name)
    script = tmp_path / 'quick_start.sh'
    script.write_text(group_script(blocks))
    env = dict(os.environ)
    env['PATH'] = osp.dirname(sys.executable) + os.pathsep + env['PATH']
    env.setdefault('OMP_NUM_THREADS', '1')
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    run = subprocess.run(['bash', str(script)],
                         cwd=tmp_path,
                         env=env,
                         stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT,
                         text=True,
                         timeout=1800)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (
        after.ru_stime - before.ru_stime)
    print(f'{group} quick start: {time.monotonic() - start:.0f} s wall, '
          f'{cpu:.0f} s CPU')
    where = [w for w, _, _ in blocks]
    assert run.returncode == 0, (
        f'the {group} quick start ({", ".join(where)}) failed with exit '
        f'{run.returncode}; the end of its output:\n{run.stdout[-4000:]}')
    missing = [p for p in named_paths(blocks) if not (tmp_path / p).exists()]
    assert not missing, (
        f'the {group} quick start ran but left no {missing} '
        f'(named in {", ".join(where)}); its commands were:\n'
        f'{script.read_text()}')
