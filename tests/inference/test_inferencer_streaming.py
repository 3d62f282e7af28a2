"""``Inferencer.predict_files``, the streaming path ``tools/infer.py`` runs:
each photo's result comes as soon as its batch is predicted (the tool
journals it at once), and ``skip`` (``--resume``) leaves photos out."""
import os.path as osp

import pytest

from landmark.core import ProblemLog
from landmark.inference import Inferencer
from landmark.testing import REPO_ROOT

# the configs of tests/inference/conftest.py's checkpoints
DETECTION_CONFIG = osp.join(
    REPO_ROOT, 'tests', 'detection', 'apis', 'configs',
    'retinanet_r18-tiny-fpn_1xb2-128px-12e_landmark.py')
SEGMENTATION_CONFIG = osp.join(
    REPO_ROOT,
    'configs/segmentation/fpn/fpn-tiny_r18_1xb4-flip-8e_landmark-masks.py')


def photo_paths(folder):
    from landmark.core import list_image_files
    return list_image_files(folder)


def count_forward_passes(inferencer: Inferencer) -> list:
    """Record the size of each batch the model predicts."""
    batches = []
    test_step = inferencer.model.test_step

    def counted(data):
        batches.append(len(data['inputs']))
        return test_step(data)

    inferencer.model.test_step = counted
    return batches


@pytest.mark.parametrize('task', ['detection', 'segmentation'])
def test_a_result_comes_before_the_next_batch_is_predicted(
        photos, detector_checkpoint, segmentor_checkpoints, task):
    config, checkpoint = dict(
        detection=(DETECTION_CONFIG, detector_checkpoint),
        segmentation=(SEGMENTATION_CONFIG, segmentor_checkpoints[0]))[task]
    paths = photo_paths(photos)
    assert len(paths) == 3
    inferencer = Inferencer(config, checkpoint, batch_size=1)
    batches = count_forward_passes(inferencer)
    stream = inferencer.predict_files(paths, ProblemLog())
    index, result = next(stream)
    # one photo predicted, not three: the tool can write it now
    assert (index, result.name, batches) == (0, paths[0], [1])
    assert [i for i, _ in stream] == [1, 2] and batches == [1, 1, 1]


def test_skip_leaves_out_finished_photos_batched_as_a_whole_run(
        photos, detector_checkpoint):
    paths = photo_paths(photos)
    inferencer = Inferencer(DETECTION_CONFIG, detector_checkpoint,
                            batch_size=2)
    whole = dict(inferencer.predict_files(paths))
    batches = count_forward_passes(inferencer)
    # photo 1 done: the batch (0, 1) is predicted again for photo 0, as in
    # the whole run (a batch pads its photos to the largest one)
    resumed = dict(inferencer.predict_files(paths, skip={1}))
    assert sorted(resumed) == [0, 2] and batches == [2, 1]
    for index, result in resumed.items():
        assert (result.boxes == whole[index].boxes).all()


def test_skip_is_refused_where_a_run_cannot_resume(photos,
                                                   segmentor_checkpoints):
    inferencer = Inferencer(SEGMENTATION_CONFIG, segmentor_checkpoints[0])
    with pytest.raises(ValueError, match='segmentation run predicts all'):
        next(inferencer.predict_files(photo_paths(photos), skip={0}))
