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


@pytest.fixture(scope='session', autouse=True)
def dataloader_workers_are_not_waited_for_5_s():
    """Wait 0.2 s, not torch's 5 s, for each persistent data-loader worker
    of a finished in-process run when the garbage collector frees its
    iterator.

    MMEngine's runner and its loops refer to each other, so only the cyclic
    collector frees them, later, in whatever test runs it; by then
    multiprocessing has closed the workers' index queues, the stop message
    never reaches them, and torch waits ``MP_STATUS_CHECK_INTERVAL`` (5 s)
    for each before killing it: 10-20 s of idle waiting per finished
    in-process run. Only that join reads the value at run time (the workers
    and the data fetching keep their own 5 s).
    """
    from torch.utils.data import _utils
    interval = _utils.MP_STATUS_CHECK_INTERVAL
    _utils.MP_STATUS_CHECK_INTERVAL = 0.2
    yield
    _utils.MP_STATUS_CHECK_INTERVAL = interval


# The tests that take longest (CI seconds on one core, a worker each),
# longest first: node ids or their start (a file). Each starts before the
# rest; keep the list in step with `make test`'s --durations.
LONGEST_FIRST = (
    'tests/tools/test_demo.py',  # ~140 s: trains until it beats trivial
    # the README's detection quick start as written, ~95 s
    'tests/test_docs_runnable.py::test_quick_start_runs_in_a_fresh_folder',
    # kill -9 three times, 5 training processes each: 30-90 s apiece
    'tests/faults/test_resume_exact.py::test_faster_rcnn',
    'tests/faults/test_resume_exact.py::test_retrieval',
    'tests/faults/test_resume_exact.py::test_classifier',
    # trained for real, then test/infer/retrieve/the API: 30-45 s apiece
    'tests/segmentation/tools/test_own_data_end_to_end.py::test_train',
    'tests/retrieval/tools/test_tools_agree.py::test_test_and_retrieve',
    'tests/retrieval/tools/test_retrieve.py::test_train_then_retrieve',
    'tests/classification/tools/test_own_data_agreement.py::test_test',
    'tests/classification/tools/test_classification_tools.py::test_train',
    'tests/faults/test_resume_exact.py::test_segmenter',
    'tests/tools/test_train.py::test_dist_train',
    'tests/tools/test_bad_input_corpus_detection.py::test_train_test',
    'tests/detection/apis/test_auto_pixel_budget.py::'
    'test_small_budget_chooses',  # 3 DINO probes at up to 1024x768
)


def pytest_collection_modifyitems(config, items):
    """Run the longest tests first (:data:`LONGEST_FIRST`, in its order),
    then the other ``slow`` ones, then the rest: with ``make test``'s two
    pytest-xdist workers (fed one or two tests at a time,
    ``--maxschedchunk``) a long test that starts last leaves one core idle
    while it runs."""

    def order(item):
        path = osp.relpath(str(item.fspath), REPO_ROOT).replace(os.sep, '/')
        nodeid = f"{path}::{item.nodeid.partition('::')[2]}"
        rank = next((i for i, start in enumerate(LONGEST_FIRST)
                     if nodeid.startswith(start)), len(LONGEST_FIRST))
        return rank, item.get_closest_marker('slow') is None

    items.sort(key=order)
