"""Property-based fuzzing (Hypothesis) of the sample submission that
``tools/check_submission.py --sample`` reads (its header and image ids),
mutated from a valid one (``fuzz_mutations``) and cut at every byte: the
submission is checked against it, or the sample is refused with one
``error:`` line naming it; never a traceback.
``LANDMARK_FUZZ_EXAMPLES`` sets the examples (default 30).
"""
import pytest

hypothesis = pytest.importorskip(
    'hypothesis', reason='fuzz tests need hypothesis (requirements/tests.txt)')
from fuzz_mutations import (FUZZ, Outcomes, every_prefix,  # noqa: E402
                            mutated_text)
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from landmark.testing import run_tool_in_process  # noqa: E402

OUTCOMES = Outcomes()
SAMPLE = """ImageID,LandmarkName,x1,y1,x2,y2
a,,,,,
b,,,,,
c,,,,,
"""
SUBMISSION = """ImageID,LandmarkName,x1,y1,x2,y2
a,tower,4,5,40,30
b,dome,1,2,30,60
c,arch,0,0,31,31
"""
COLUMNS = ('--columns', 'image_id=ImageID', 'label=LandmarkName', 'x1', 'y1',
           'x2', 'y2')


@pytest.fixture(scope='module', autouse=True)
def report_outcomes():
    yield
    for line in OUTCOMES.lines():
        print('\n' + line)


def check_against(sample, tmp_path) -> None:
    submission = tmp_path / 'submission.csv'
    submission.write_text(SUBMISSION)
    done = run_tool_in_process('check_submission', str(submission),
                               '--sample', str(sample), *COLUMNS)
    output = done.stdout + done.stderr
    assert 'Traceback' not in output, output[-3000:]
    assert done.returncode in (0, 1, 2), output[-3000:]
    if done.returncode == 2:
        errors = [line for line in done.stderr.splitlines()
                  if line.startswith('error')]
        assert len(errors) == 1, done.stderr
        assert str(sample) in errors[0], errors[0]
        OUTCOMES.add('sample submission (check_submission.py --sample)',
                     'refused')
    else:
        OUTCOMES.add('sample submission (check_submission.py --sample)',
                     f'read (exit {done.returncode})')


@FUZZ
@given(data=st.data())
def test_sample_submission(tmp_path, data):
    sample = tmp_path / 'sample.csv'
    sample.write_bytes(data.draw(mutated_text(SAMPLE)))
    check_against(sample, tmp_path)


def test_sample_submission_cut_at_every_byte(tmp_path):
    sample = tmp_path / 'sample.csv'
    for data in every_prefix(SAMPLE):
        sample.write_bytes(data)
        check_against(sample, tmp_path)


@pytest.mark.parametrize('data', [
    b'x,y,ImageID\nq\n',  # a row shorter than the id column: IndexError
    b'ImageID\n\xff\xfe\n',  # not UTF-8: the error named no file
])
def test_samples_the_fuzzer_found(tmp_path, data):
    sample = tmp_path / 'sample.csv'
    sample.write_bytes(data)
    check_against(sample, tmp_path)


def test_the_unmutated_sample_is_read(tmp_path):
    sample = tmp_path / 'sample.csv'
    sample.write_text(SAMPLE)
    submission = tmp_path / 'submission.csv'
    submission.write_text(SUBMISSION)
    done = run_tool_in_process('check_submission', str(submission),
                               '--sample', str(sample), *COLUMNS)
    assert done.returncode == 0, done.stdout + done.stderr
