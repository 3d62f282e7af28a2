import json

from landmark.core import DataProblem, DataProblemError, ProblemLog
from landmark.detection.datasets.converters import run_converter

COCO = dict(
    images=[dict(id=1)], annotations=[], categories=[dict(id=1, name='a')])


def test_bad_input_exits_2_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / 'out.json'

    def missing():
        raise FileNotFoundError('labels.csv does not exist')

    def strict():
        raise DataProblemError(DataProblem('empty_box', 'x.xml', 'no area'))

    assert run_converter(missing, str(out)) == 2
    assert 'error: labels.csv does not exist' in capsys.readouterr().err
    assert run_converter(strict, str(out)) == 2
    assert not out.exists()


def test_good_input_is_written_and_a_skip_exits_1(tmp_path):
    out = tmp_path / 'out.json'
    assert run_converter(lambda: (COCO, ProblemLog()), str(out)) == 0
    assert json.loads(out.read_text()) == COCO
    log = ProblemLog()
    log.add('empty_box', 'x.xml', 'no area')
    assert run_converter(lambda: (COCO, log), str(out)) == 1
