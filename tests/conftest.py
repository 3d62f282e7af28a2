"""Shared fixtures: tiny synthetic data and the real data sets in
``../shared/datasets``."""
import os
import os.path as osp

import pytest

REPO_ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
SHARED_DATASETS = osp.normpath(
    os.environ.get('LANDMARK_SHARED_DATASETS',
                   osp.join(REPO_ROOT, '..', 'shared', 'datasets')))

# Tiny photo sizes for tests: the generator's real sizes are 1280x720 and up.
TINY_SIZES = ((128, 96), (96, 128), (112, 112))


@pytest.fixture(scope='session')
def shared_datasets() -> str:
    """Path of ``../shared/datasets``; skips (with the reason) if absent."""
    if not osp.isdir(SHARED_DATASETS):
        pytest.skip(f'data test: ../shared/datasets not found (looked for '
                    f'{SHARED_DATASETS}; CI has it beside the repository, '
                    'or set LANDMARK_SHARED_DATASETS)')
    return SHARED_DATASETS


@pytest.fixture(scope='session')
def tiny_landmarks(tmp_path_factory) -> str:
    """A tiny synthetic landmark data set: 10 train / 5 val images, 96-128 px.

    Layout: ``images/``, ``annotations/train.json``, ``annotations/val.json``.
    """
    from landmark.detection.datasets import generate_landmark_dataset
    root = str(tmp_path_factory.mktemp('tiny_landmarks'))
    generate_landmark_dataset(
        root, num_train=10, num_val=5, seed=0, sizes=TINY_SIZES)
    return root


@pytest.fixture(autouse=True)
def mmdet_default_scope():
    """Build registry types in MMDetection's scope in every test, whatever
    scope an earlier test's Runner left current (MMEngine keeps the latest
    one globally)."""
    from mmengine.registry import DefaultScope
    with DefaultScope.overwrite_default_scope('mmdet'):
        yield


@pytest.fixture(autouse=True)
def mmengine_loggers_write_to_open_streams():
    """After a test, point MMEngine's loggers back at a live stream where
    the test's captured one (capsys) has been closed; otherwise the next
    test that runs a tool in this process gets 'Logging error' tracebacks
    on stderr."""
    yield
    import sys

    from mmengine.logging import MMLogger
    for logger in list(MMLogger._instance_dict.values()):
        for handler in logger.handlers:
            stream = getattr(handler, 'stream', None)
            if stream is not None and getattr(stream, 'closed', False):
                handler.stream = sys.stdout  # setStream flushes the old


# The tests that take minutes, started first (the demo trains for ~4 min).
LONGEST_FIRST = ('tests/tools/test_demo.py', )


def pytest_collection_modifyitems(config, items):
    """Run the longest tests first, then the other ``slow`` ones, then the
    rest: with ``make test``'s two pytest-xdist workers (fed one or two
    tests at a time, ``--maxschedchunk``) a 4-minute test that starts last
    leaves one core idle while it runs."""

    def order(item):
        path = osp.relpath(str(item.fspath), REPO_ROOT)
        return (path not in LONGEST_FIRST,
                item.get_closest_marker('slow') is None)

    items.sort(key=order)
