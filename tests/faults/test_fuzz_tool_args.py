"""Property-based fuzzing (Hypothesis) of the submission-format flags of
``tools/infer.py`` and ``tools/check_submission.py`` as a user may mistype
them: ``--columns``, ``--box-format``, ``--label-as``,
``--label-id-offset``, ``--default-prediction`` with ``--no-prediction``,
``--score-thr``, ``--image-id-from`` and ``--max-decode-pixels``.

``check_submission.py`` runs whole (in this process) on a valid
submission; ``infer.py``'s flags go through its parser and
``submission_format_from_args``, all that the tool does with them before
it loads a model. The property: the flags are taken, or refused with one
``error:`` line (argparse's usage error, or the tool's); never a traceback
or another exception. ``LANDMARK_FUZZ_EXAMPLES`` sets the examples
(default 30).
"""
import contextlib
import io
import json

import pytest

hypothesis = pytest.importorskip(
    'hypothesis', reason='fuzz tests need hypothesis (requirements/tests.txt)')
from fuzz_mutations import FUZZ, Outcomes  # noqa: E402
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from landmark.testing import load_tool, run_tool_in_process  # noqa: E402

OUTCOMES = Outcomes()
COCO = dict(
    images=[
        dict(id=1, file_name='a.jpg', width=64, height=48),
        dict(id=2, file_name='b.jpg', width=48, height=64)
    ],
    annotations=[],
    categories=[dict(id=1, name='tower'),
                dict(id=2, name='dome')])
SUBMISSION = """image_id,label,score,x1,y1,x2,y2
a,tower,0.9,4,5,40,30
b,dome,0.8,1,2,30,60
"""
ODD = ['', ' ', '-1', '0', '1', '1.5', '1e308', '-1e308', 'inf', '-inf',
       'nan', '99999999999999999999', 'x', 'é', '²', '=', ',', '--x']
COLUMN_TOKENS = [
    'image_id', 'label', 'score', 'x1', 'y1', 'x2', 'y2', 'x', 'y', 'w', 'h',
    'cx', 'cy', 'image_id=ImageID', 'label=LandmarkName', 'score=Conf',
    'x1=', '=x1', '=', 'image_id=a=b', 'label=image_id', 'x1=X', 'y1=X',
    'é=ü', 'x1,y1', ''
]
# (flag, how many values, the values a user may give)
FLAGS = [
    ('--box-format', 1, ['xyxy', 'xywh', 'cxcywh', 'XYXY', 'yxyx', '']),
    ('--label-as', 1, ['name', 'id', 'ID', '']),
    ('--label-id-offset', 1, ODD),
    ('--score-thr', 1, ODD),
    ('--image-id-from', 1, ['stem', 'file_name', 'img_id', 'path']),
    ('--no-prediction', 1, ['blank', 'default', 'skip', 'none']),
    ('--default-prediction', 5, ['tower', '1', '0', '-1', '10', 'x', 'nan',
                                 'inf', '1e308', '']),
    ('--max-decode-pixels', 1, ODD),
    ('--normalized', 0, []),
    ('--all-boxes', 0, []),
    ('--no-score', 0, []),
]


@st.composite
def flag_lines(draw) -> list:
    """Some of the flags, each with values drawn from its odd ones, and
    sometimes ``--columns`` with 0 to 9 tokens."""
    argv = []
    for index in draw(
            st.lists(st.integers(0, len(FLAGS) - 1), max_size=5,
                     unique=True)):
        flag, count, values = FLAGS[index]
        argv.append(flag)
        # one value fewer now and then: argparse's own error
        n = count - draw(st.sampled_from([0, 0, 0, 1])) if count else 0
        argv += [draw(st.sampled_from(values) | st.text(max_size=6))
                 for _ in range(max(n, 0))]
    if draw(st.booleans()):
        argv.append('--columns')
        argv += draw(st.lists(st.sampled_from(COLUMN_TOKENS)
                              | st.text(max_size=6), max_size=9))
    return argv


@pytest.fixture(scope='module', autouse=True)
def report_outcomes():
    yield
    for line in OUTCOMES.lines():
        print('\n' + line)


@pytest.fixture(scope='module')
def infer_tool():
    return load_tool('infer')


@pytest.fixture(autouse=True)
def keep_the_decode_limit():
    """check_submission.py sets the process's decode limit from
    --max-decode-pixels; the other tests keep the default."""
    from landmark.core import image_files
    limit = image_files.MAX_DECODE_PIXELS
    yield
    image_files.set_max_decode_pixels(limit)


def assert_one_error_line(stderr: str) -> None:
    errors = [line for line in stderr.splitlines() if 'error' in line]
    assert len(errors) == 1, stderr


@FUZZ
@given(argv=flag_lines())
def test_check_submission_flags(tmp_path, argv):
    coco = tmp_path / 'val.json'
    coco.write_text(json.dumps(COCO))
    path = tmp_path / 'predictions.csv'
    path.write_text(SUBMISSION)
    done = run_tool_in_process('check_submission', str(path), '--ann-file',
                               str(coco), *argv)
    output = done.stdout + done.stderr
    assert 'Traceback' not in output, output[-3000:]
    assert done.returncode in (0, 1, 2), output[-3000:]
    if done.returncode == 2:
        assert_one_error_line(done.stderr)
        OUTCOMES.add('check_submission.py flags', 'refused')
    else:
        OUTCOMES.add('check_submission.py flags',
                     f'taken (exit {done.returncode})')


@FUZZ
@given(argv=flag_lines())
def test_infer_flags(infer_tool, argv):
    from landmark.detection.evaluation.writers import \
        submission_format_from_args
    err = io.StringIO()
    with contextlib.redirect_stderr(err), \
            contextlib.redirect_stdout(io.StringIO()):
        try:
            args = infer_tool.parse_args(
                ['config.py', 'model.pth', 'photos/', *argv])
        except SystemExit as exit_:  # argparse: usage and one error line
            assert exit_.code == 2, err.getvalue()
            assert_one_error_line(err.getvalue())
            OUTCOMES.add('infer.py flags', 'refused (usage)')
            return
    try:
        fmt = submission_format_from_args(args)
    except ValueError as error:  # infer.py prints it as its error line
        assert '\n' not in str(error) and str(error), str(error)
        OUTCOMES.add('infer.py flags', 'refused')
        return
    # what was taken is a format the writer can use
    assert len(fmt.header) == len(fmt.written_fields)
    assert set(fmt.box_fields) <= set(fmt.written_fields)
    OUTCOMES.add('infer.py flags', 'taken')


def test_a_valid_flag_line_is_taken(tmp_path, infer_tool):
    """The flags the README shows are taken by both tools."""
    from landmark.detection.evaluation.writers import \
        submission_format_from_args
    flags = ['--box-format', 'xywh', '--columns', 'image_id=ImageID',
             'label=LandmarkName', 'score', 'x', 'y', 'w', 'h']
    fmt = submission_format_from_args(
        infer_tool.parse_args(['c.py', 'm.pth', 'in/', *flags]))
    assert fmt.header == ['ImageID', 'LandmarkName', 'score', 'x', 'y', 'w',
                          'h']
    coco = tmp_path / 'val.json'
    coco.write_text(json.dumps(COCO))
    path = tmp_path / 'predictions.csv'
    path.write_text(SUBMISSION)
    done = run_tool_in_process('check_submission', str(path), '--ann-file',
                               str(coco), '--columns', 'image_id', 'label',
                               'score', 'x1', 'y1', 'x2', 'y2')
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize('argv,named', [
    (['--max-decode-pixels', 'inf'], "'inf'"),  # was OverflowError
    (['--columns', 'image_id', 'image_id', 'label', 'x1', 'y1', 'x2', 'y2'],
     "['image_id'] more than once"),
    (['--columns', 'image_id=A', 'label=A', 'x1', 'y1', 'x2', 'y2'],
     "['A'] more than once"),
    (['--label-as', 'id', '--no-prediction', 'default',
      '--default-prediction', 'x', '1', '2', '3', '4'],
     '--default-prediction x 1 2 3 4'),
])
def test_flags_the_fuzzer_found(infer_tool, argv, named):
    """Flags that raised a traceback, were taken though they make a file
    with two columns of one name, or were refused without naming the flag
    are refused with one line naming what is wrong."""
    from landmark.detection.evaluation.writers import \
        submission_format_from_args
    err = io.StringIO()
    with contextlib.redirect_stderr(err), pytest.raises(
            (SystemExit, ValueError)) as refused:
        submission_format_from_args(
            infer_tool.parse_args(['c.py', 'm.pth', 'in/', *argv]))
    message = err.getvalue() if refused.type is SystemExit else \
        f'error: {refused.value}'
    assert_one_error_line(message)
    assert named in message, message
