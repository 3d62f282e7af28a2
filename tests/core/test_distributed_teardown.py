"""The end of a distributed run: the runner is freed before the process
group, while the interpreter is alive (see ``finish_distributed``)."""
import weakref

import pytest
import torch
from mmengine.config import Config

from landmark.core.runner import runner_loops


class CyclicRunner:
    """Stands in for MMEngine's Runner: refers to itself through its loop,
    as the real one does, so only the garbage collector frees it."""
    alive = None

    def __init__(self):
        self.loop = dict(runner=self)
        CyclicRunner.alive = weakref.ref(self)

    @classmethod
    def from_cfg(cls, cfg):
        return cls()

    def train(self):
        pass

    def test(self):
        pass


@pytest.mark.parametrize('run', ['run_training', 'run_testing'])
def test_runner_is_freed_before_the_process_group_is_destroyed(
        run, monkeypatch, tmp_path):
    events = []
    # rank 0 of a run that holds its work dir, as the tools' runs do
    monkeypatch.setattr(runner_loops, 'is_main_process', lambda: True)
    monkeypatch.setattr(runner_loops, 'Runner', CyclicRunner)
    monkeypatch.setattr(runner_loops, 'report_skipped_photos', lambda r: 0)
    monkeypatch.setattr(torch.distributed, 'is_initialized', lambda: True)
    monkeypatch.setattr(torch.distributed, 'barrier',
                        lambda: events.append('barrier'))
    monkeypatch.setattr(
        torch.distributed, 'destroy_process_group',
        lambda: events.append('destroy, runner ' +
                              ('alive' if CyclicRunner.alive() else 'freed')))

    cfg = Config(dict(work_dir=str(tmp_path / 'work')))
    assert getattr(runner_loops, run)(cfg=cfg) == 0
    assert events == ['barrier', 'destroy, runner freed']
