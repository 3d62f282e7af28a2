"""predict_image_files: batches of readable files through the model, in
order; a file that cannot be read is named in the problems and skipped."""
import cv2
import numpy as np

from landmark.core.data_problems import ProblemLog
from landmark.core.image_batches import predict_image_files


class _CountingModel:
    """Pipeline reads the image; test_step returns each image's mean and
    records the batch sizes."""

    def __init__(self):
        self.batches = []

    def test_pipeline(self, item):
        image = cv2.imread(item['img_path'])
        assert image is not None, f'failed to load image: {item}'
        return dict(inputs=image)

    def test_step(self, data):
        self.batches.append(len(data['inputs']))
        return [float(x.mean()) for x in data['inputs']]


def test_batches_in_order_and_bad_file_skipped(tmp_path):
    paths = []
    for value in (10, 20, 30):
        path = str(tmp_path / f'{value}.png')
        cv2.imwrite(path, np.full((4, 4, 3), value, np.uint8))
        paths.append(path)
    bad = tmp_path / 'bad.png'
    bad.write_bytes(b'\x89PNG but not one')
    paths.insert(1, str(bad))
    model, problems = _CountingModel(), ProblemLog()
    out = list(predict_image_files(model, paths, 2, problems, 'mmengine'))
    assert [path for path, _ in out] == [
        paths[0], paths[2], paths[3]
    ]
    assert [mean for _, mean in out] == [10.0, 20.0, 30.0]
    assert model.batches == [2, 1]
    assert problems.num_skipped == 1
    assert problems.problems[0].source == str(bad)


def test_report_skipped_is_the_exit_code(capsys):
    problems = ProblemLog()
    assert problems.report_skipped() == 0
    assert capsys.readouterr().err == ''
    problems.add('unreadable_image', 'x.png', 'truncated; skipped')
    assert problems.report_skipped() == 1
    assert capsys.readouterr().err.startswith('1 image(s) skipped:\n')
