"""The README and every page under docs/ cannot rot: each ``python
tools/X.py ...`` or ``python benchmarks/X.py ...`` command names a script
that exists and is accepted by that script's own ``parse_args`` (parsed, not
run); every config path, relative link and image they name exists."""
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
CONFIG_PATH = re.compile(r'(?<![\w./-])(configs/[\w./-]+\.py)\b')
LINK = re.compile(r'!?\[[^\]]*\]\(([^)\s]+)\)')


def doc_files():
    """README.md and docs/**/*.md, relative to the repository root."""
    pages = sorted(glob.glob(osp.join(REPO_ROOT, 'docs', '**', '*.md'),
                             recursive=True))
    return ['README.md'] + [osp.relpath(p, REPO_ROOT) for p in pages]


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


def commands_in(page):
    """``(where, script, argv)`` of every tool or benchmark command in the
    page's code blocks."""
    with open(osp.join(REPO_ROOT, page), encoding='utf-8') as f:
        text = f.read()
    found = []
    for number, line in fenced_lines(text):
        line = line.split(' #', 1)[0]
        if line.lstrip().startswith('#'):
            continue
        for part in re.split(r'&&|;|\|', line):
            match = COMMAND.search(part)
            if match:
                argv = shlex.split(match.group(2).split(' > ')[0],
                                   comments=True)
                found.append((f'{page}:{number}', match.group(1), argv))
    return found


ALL_COMMANDS = [c for page in doc_files() for c in commands_in(page)]


def load_parse_args(script):
    """The script's ``parse_args``, imported without running ``main``."""
    name = 'docs_check_' + re.sub(r'\W', '_', script)
    spec = importlib.util.spec_from_file_location(
        name, osp.join(REPO_ROOT, script))
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, osp.dirname(osp.join(REPO_ROOT, script)))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.pop(0)
    return module.parse_args


def parse_with(parse_args, argv):
    """Call ``parse_args`` with ``argv`` whichever way it takes it."""
    try:
        return parse_args(argv)
    except TypeError:  # parse_args() that reads sys.argv
        saved = sys.argv
        sys.argv = ['prog'] + argv
        try:
            return parse_args()
        finally:
            sys.argv = saved


def test_the_docs_hold_commands():
    # guards the extraction itself: the README's quick starts are in it
    scripts = {script for _, script, _ in ALL_COMMANDS}
    assert {'tools/train.py', 'tools/test.py', 'tools/infer.py'} <= scripts


@pytest.mark.parametrize('where,script,argv', ALL_COMMANDS,
                         ids=[f'{w} {s}' for w, s, _ in ALL_COMMANDS])
def test_each_command_parses_with_its_script(where, script, argv, capsys):
    assert osp.isfile(osp.join(REPO_ROOT, script)), (
        f'{where}: {script} does not exist')
    parse_args = load_parse_args(script)
    try:
        parse_with(parse_args, argv)
    except SystemExit as exit:
        message = capsys.readouterr().err.strip().splitlines()[-1:]
        pytest.fail(f'{where}: {script} refuses {shlex.join(argv)!r} '
                    f'(exit {exit.code}): {message}')


@pytest.mark.parametrize('page', doc_files())
def test_every_config_link_and_image_named_exists(page):
    with open(osp.join(REPO_ROOT, page), encoding='utf-8') as f:
        text = f.read()
    missing = []
    for path in CONFIG_PATH.findall(text):
        if '*' not in path and not osp.isfile(osp.join(REPO_ROOT, path)):
            missing.append(path)
    for target in LINK.findall(text):
        target = target.split('#', 1)[0]
        if not target or re.match(r'[a-z]+:', target):
            continue  # an anchor in the page, or a URL
        if not osp.exists(osp.join(REPO_ROOT, osp.dirname(page), target)):
            missing.append(target)
    assert not missing, f'{page} names what does not exist: {missing}'
