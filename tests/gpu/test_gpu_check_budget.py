"""The time budget of ``tools/gpu_check.sh``: a step starts only if the
time left covers its estimate, may run until the later steps' estimates
are left, and is stopped at its timeout; the summary names each step."""
import json
import sys
import time

from landmark.core.gpu_check import (Step, plan_timeout, run_step, run_steps,
                                     write_summary)


def step(name, estimate, seconds=0.0):
    return Step(name, ['{py}', '-c', f'import time; time.sleep({seconds})'],
                estimate)


def test_timeouts_leave_the_later_steps_their_estimates():
    later = [step('b', 45), step('c', 60)]
    # 300 s left, 105 s kept for b and c: 195 s
    assert plan_timeout(300, step('a', 60), later) == 195
    # 120 s left: not even b + c fit after it, it still gets its estimate
    assert plan_timeout(120, step('a', 60), later) == 60
    # 59 s left: less than its estimate, skipped
    assert plan_timeout(59, step('a', 60), later) is None


def test_steps_past_the_budget_are_skipped_with_a_line(tmp_path):
    now = [1000.0]
    steps = (step('first', 5), step('second', 200))
    records = run_steps(
        str(tmp_path), started_at=1000.0, budget_s=100,
        steps=steps, clock=lambda: now[0])
    assert [r['status'] for r in records] == [
        'ok',
        # 100 s budget - 10 s for the summary, nothing spent on the clock
        'skipped: 90 s of the budget left, the step needs about 200 s'
    ]


def test_a_step_is_stopped_at_its_timeout(tmp_path):
    start = time.time()
    record = run_step(step('sleeper', 1, seconds=60), str(tmp_path), 1,
                      sys.executable)
    assert record['status'] == 'stopped at its 1 s'
    assert time.time() - start < 10


def test_the_summary_names_every_step(tmp_path):
    summary = dict(
        date='today', budget_s=540, seconds=100.0, gpu='GPU X',
        torch='2.11.0', cuda='13.0', steps=[
            dict(step='install and build mmcv', status='ok', seconds=200),
            dict(step='pytest -m gpu', status='ok', seconds=50, result=dict(
                tests=10, failures=1, errors=0, skipped=2, passed=7)),
            dict(step='tta', status='skipped: 5 s left', seconds=0)])
    write_summary(str(tmp_path), summary)
    with open(tmp_path / 'gpu_check.json') as f:
        assert json.load(f)['steps'][1]['result']['passed'] == 7
    markdown = (tmp_path / 'gpu_check.md').read_text()
    assert '| pytest -m gpu | ok | 50 | 7 passed, 1 failed, 0 errors, ' \
        '2 skipped |' in markdown
    assert '| tta | skipped: 5 s left | 0 |  |' in markdown
