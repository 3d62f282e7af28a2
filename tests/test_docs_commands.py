"""The README and every page under docs/ cannot rot: each ``python
tools/X.py ...`` or ``python benchmarks/X.py ...`` command names a script
that exists and is accepted by that script's own ``parse_args`` (parsed, not
run); each ``python -m module``, ``bash tools/X.sh`` and ``make target``
names a module, script or Makefile target that exists; every config path,
relative link (with its ``#anchor``) and image they name exists.

The README's quick starts are also run for real:
``tests/test_docs_runnable.py``."""
import argparse
import glob
import importlib.util
import os.path as osp
import re
import shlex
import sys

import pytest

from landmark.testing import REPO_ROOT

COMMAND = re.compile(r'(?:^|\s)(?:\S*python3?)\s+'
                     r'((?:tools|benchmarks)/\S+\.py)(.*)$')
MODULE = re.compile(r'(?:^|\s)\S*python3?\s+-m\s+([\w.]+)')
SHELL_SCRIPT = re.compile(r'(?:^|\s)bash\s+((?:tools|benchmarks)/\S+\.sh)\b')
MAKE_TARGET = re.compile(r'(?:^|\s)make\s+([a-z][\w-]*)')
INLINE_CODE = re.compile(r'`([^`\n]+)`')
CONFIG_PATH = re.compile(r'(?<![\w./-])(configs/[\w./-]+\.py)\b')
LINK = re.compile(r'!?\[[^\]]*\]\(([^)\s]+)\)')
HEADING = re.compile(r'^(#{1,6})\s+(.*?)\s*#*\s*$')


def doc_files():
    """README.md and docs/**/*.md, relative to the repository root."""
    pages = sorted(glob.glob(osp.join(REPO_ROOT, 'docs', '**', '*.md'),
                             recursive=True))
    return ['README.md'] + [osp.relpath(p, REPO_ROOT) for p in pages]


def read_page(page):
    with open(osp.join(REPO_ROOT, page), encoding='utf-8') as f:
        return f.read()


def fenced_lines(text):
    """The lines inside fenced code blocks, with ``\\`` continuations
    joined, as (line number, line)."""
    lines, inside, pending, start = [], False, '', 0
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith('```'):
            inside = not inside
            continue
        if not inside:
            continue
        if not pending:
            start = number
        if line.rstrip().endswith('\\'):
            pending += line.rstrip()[:-1] + ' '
            continue
        lines.append((start, pending + line))
        pending = ''
    return lines


def shell_parts(page):
    """``(where, part)`` for each command of the page's code blocks: the
    lines split at ``&&``, ``;`` and ``|``, comments dropped."""
    parts = []
    for number, line in fenced_lines(read_page(page)):
        line = line.split(' #', 1)[0]
        if line.lstrip().startswith('#'):
            continue
        for part in re.split(r'&&|;|\||&', line):
            parts.append((f'{page}:{number}', part))
    return parts


def commands_in(page):
    """``(where, script, argv)`` of every tool or benchmark command in the
    page's code blocks."""
    found = []
    for where, part in shell_parts(page):
        match = COMMAND.search(part)
        if match:
            argv = shlex.split(match.group(2).split(' > ')[0], comments=True)
            found.append((where, match.group(1), argv))
    return found


ALL_COMMANDS = [c for page in doc_files() for c in commands_in(page)]


def load_script(script):
    """The script as a module, imported without running ``main``."""
    name = 'docs_check_' + re.sub(r'\W', '_', script)
    spec = importlib.util.spec_from_file_location(
        name, osp.join(REPO_ROOT, script))
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, osp.dirname(osp.join(REPO_ROOT, script)))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.pop(0)
    return module


class Parsed(Exception):
    """Raised by the patched ``ArgumentParser.parse_args`` once it has
    parsed, so that ``main`` stops before doing anything."""


def parse_with(module, argv):
    """Parse ``argv`` with the script's own parser: its ``parse_args``
    (called with ``argv``, or reading ``sys.argv``), or, for a script
    without one, its ``main`` stopped right after ``parse_args``."""
    saved = sys.argv
    sys.argv = ['prog'] + argv
    try:
        parse_args = getattr(module, 'parse_args', None)
        if parse_args is not None:
            try:
                return parse_args(argv)
            except TypeError:  # parse_args() that reads sys.argv
                return parse_args()
        original = argparse.ArgumentParser.parse_args

        def parse_only(self, args=None, namespace=None):
            raise Parsed(original(self, args, namespace))

        argparse.ArgumentParser.parse_args = parse_only
        try:
            try:
                module.main(argv)
            except TypeError:  # main() that reads sys.argv
                module.main()
        except Parsed as parsed:
            return parsed.args[0]
        finally:
            argparse.ArgumentParser.parse_args = original
        raise AssertionError('main() returned without parsing arguments')
    finally:
        sys.argv = saved


def heading_anchors(text):
    """GitHub's anchors of the page's headings: lower case, punctuation
    dropped (``-`` and ``_`` kept), spaces as ``-``; a repeated heading
    gets ``-1``, ``-2``..."""
    anchors, inside = set(), False
    for line in text.splitlines():
        if line.lstrip().startswith('```'):
            inside = not inside
        match = None if inside else HEADING.match(line)
        if not match:
            continue
        slug = re.sub(r'[^\w\- ]', '', match.group(2).lower())
        slug = slug.replace(' ', '-')
        anchor, n = slug, 0
        while anchor in anchors:
            n += 1
            anchor = f'{slug}-{n}'
        anchors.add(anchor)
    return anchors


def test_the_docs_hold_commands():
    # guards the extraction itself: the quick starts and every page of
    # docs/ are read, whatever the info string of their fences
    scripts = {script for _, script, _ in ALL_COMMANDS}
    assert {'tools/train.py', 'tools/test.py', 'tools/infer.py'} <= scripts
    pages = {where.split(':')[0] for where, _, _ in ALL_COMMANDS}
    assert 'README.md' in pages and 'docs/detection.md' in pages
    assert 'benchmarks/native_resolution.py' in scripts


@pytest.mark.parametrize('where,script,argv', ALL_COMMANDS,
                         ids=[f'{w} {s}' for w, s, _ in ALL_COMMANDS])
def test_each_command_parses_with_its_script(where, script, argv, capsys):
    assert osp.isfile(osp.join(REPO_ROOT, script)), (
        f'{where}: {script} does not exist')
    module = load_script(script)
    try:
        parse_with(module, argv)
    except SystemExit as exit:
        message = capsys.readouterr().err.strip().splitlines()[-1:]
        pytest.fail(f'{where}: {script} refuses {shlex.join(argv)!r} '
                    f'(exit {exit.code}): {message}')


def makefile_targets():
    with open(osp.join(REPO_ROOT, 'Makefile'), encoding='utf-8') as f:
        return set(re.findall(r'^([a-z][\w-]*):', f.read(), flags=re.M))


@pytest.mark.parametrize('page', doc_files())
def test_every_module_script_and_make_target_named_exists(page):
    text = read_page(page)
    missing = []
    for where, part in shell_parts(page):
        for module in MODULE.findall(part):
            if module.startswith('landmark') and (
                    importlib.util.find_spec(module) is None):
                missing.append(f'{where}: python -m {module}')
        for script in SHELL_SCRIPT.findall(part):
            if not osp.isfile(osp.join(REPO_ROOT, script)):
                missing.append(f'{where}: bash {script}')
    targets = makefile_targets()
    code = [line for _, line in fenced_lines(text)] + INLINE_CODE.findall(text)
    named = {t for snippet in code for t in MAKE_TARGET.findall(snippet)}
    for target in named:
        if target not in targets:
            missing.append(f'make {target}')
    assert not missing, f'{page} names what does not exist: {missing}'


@pytest.mark.parametrize('page', doc_files())
def test_every_config_link_and_image_named_exists(page):
    text = read_page(page)
    missing = []
    for path in CONFIG_PATH.findall(text):
        if '*' not in path and not osp.isfile(osp.join(REPO_ROOT, path)):
            missing.append(path)
    for target in LINK.findall(text):
        if re.match(r'[a-z]+:', target):
            continue  # a URL
        path, _, anchor = target.partition('#')
        linked = osp.normpath(osp.join(REPO_ROOT, osp.dirname(page), path))
        if path and not osp.exists(linked):
            missing.append(target)
        elif anchor and (not path or linked.endswith('.md')):
            anchors = heading_anchors(read_page(
                osp.relpath(linked, REPO_ROOT)) if path else text)
            if anchor not in anchors:
                missing.append(f'{target} (no such heading)')
    assert not missing, f'{page} names what does not exist: {missing}'
