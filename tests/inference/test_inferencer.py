"""Inferencer on a detection config: every input kind gives the boxes the
tools' prediction function gives for the file, unreadable photos become
results with their error (or raise), to_csv and draw are the tools'."""
import os.path as osp

import cv2
import numpy as np
import pytest
from PIL import Image

from landmark.core import ImageReadError, ProblemLog
from landmark.inference import DetectionResult, Inferencer, task_of_config
from landmark.testing import REPO_ROOT, write_truncated_jpeg

DETECTION_CONFIG = osp.join(
    REPO_ROOT, 'tests', 'detection', 'apis', 'configs',
    'retinanet_r18-tiny-fpn_1xb2-128px-12e_landmark.py')
CLASSIFICATION_CONFIG = osp.join(
    REPO_ROOT, 'configs/classification/ce/ce_resnet18_1xb32-64px-10e_trash.py')
SEGMENTATION_CONFIG = osp.join(
    REPO_ROOT,
    'configs/segmentation/fpn/fpn-tiny_r18_1xb4-flip-8e_landmark-masks.py')
RETRIEVAL_CONFIG = osp.join(
    REPO_ROOT,
    'configs/retrieval/arcface/arcface-gem_r18_1xb32-64px-20e_synthetic.py')


@pytest.fixture(scope='module')
def detector(detector_checkpoint):
    return Inferencer(DETECTION_CONFIG, detector_checkpoint)


@pytest.fixture(scope='module')
def expected(detector, photos):
    """predict_images (tools/infer.py's loop) on the photo files."""
    from landmark.detection.apis import predict_images
    from landmark.core import list_image_files
    paths = list_image_files(photos)
    return {
        r['img_path']: r
        for r in predict_images(detector.model, paths, 1, ProblemLog(),
                                False)
    }


def assert_same_boxes(result: DetectionResult, record: dict):
    inst = record['pred_instances']
    assert len(result.boxes) == len(inst['bboxes']) > 0
    np.testing.assert_array_equal(result.boxes, inst['bboxes'])
    np.testing.assert_array_equal(result.scores, inst['scores'])
    np.testing.assert_array_equal(result.labels, inst['labels'])
    assert result.size == record['ori_shape']


def test_task_read_from_the_config_scope():
    assert task_of_config(DETECTION_CONFIG) == 'detection'
    assert task_of_config(CLASSIFICATION_CONFIG) == 'classification'
    assert task_of_config(SEGMENTATION_CONFIG) == 'segmentation'
    # mmpretrain's scope, told apart by its landmark.retrieval import
    assert task_of_config(RETRIEVAL_CONFIG) == 'retrieval'
    with pytest.raises(FileNotFoundError, match='nope.py'):
        task_of_config('configs/nope.py')


def test_folder_path_list_and_glob_give_the_tools_boxes(
        detector, photos, expected):
    paths = sorted(expected)
    by_folder = detector(photos)
    assert [r.name for r in by_folder] == paths
    for result in by_folder:
        assert_same_boxes(result, expected[result.name])
        assert result.class_names == ('tower', 'dome', 'arch', 'pyramid',
                                      'bridge')
    one = detector(paths[1])
    assert len(one) == 1 and one[0].name == paths[1]
    assert_same_boxes(one[0], expected[paths[1]])
    listed = detector([paths[2], paths[0]])
    assert [r.name for r in listed] == [paths[2], paths[0]]
    assert_same_boxes(listed[0], expected[paths[2]])
    globbed = detector(osp.join(photos, '*.jpg'))
    assert [r.name for r in globbed] == paths


def test_arrays_bgr_rgb_and_pil_are_the_file(detector, expected):
    path = sorted(expected)[0]
    bgr = cv2.imread(path)
    rgb = bgr[..., ::-1].copy()
    results = detector([bgr, Image.fromarray(rgb)])
    assert [r.name for r in results] == ['array_0', 'array_1']
    for result in results:
        assert_same_boxes(result, expected[path])
    assert_same_boxes(detector(rgb, rgb=True)[0], expected[path])
    # the colours matter: RGB read as BGR is another photo
    swapped = detector(rgb)[0]
    assert not np.array_equal(swapped.scores, expected[path][
        'pred_instances']['scores'])


def test_unreadable_photo_is_a_result_with_its_error(detector, photos,
                                                     tmp_path, expected):
    broken = str(tmp_path / 'broken.jpg')
    write_truncated_jpeg(broken)
    missing = str(tmp_path / 'missing.jpg')
    good = sorted(expected)[0]
    results = detector([broken, good, missing])
    assert [r.ok for r in results] == [False, True, False]
    assert 'broken.jpg' in results[0].error
    assert 'truncated' in results[0].error
    assert results[2].error == f"image file {missing!r} does not exist"
    assert len(results[0].boxes) == 0
    assert_same_boxes(results[1], expected[good])
    assert results.errors == [results[0].error, results[2].error]
    with pytest.raises(ImageReadError, match='broken.jpg'):
        detector([good, broken], raise_errors=True)


def test_bad_array_named(detector):
    with pytest.raises(ValueError, match='array_1: a float32 array'):
        detector([np.zeros((8, 8, 3), np.uint8),
                  np.zeros((8, 8, 3), np.float32)])
    with pytest.raises(ValueError, match=r'input 0 is a dict'):
        detector([{}])


@pytest.fixture(scope='module')
def tool_outputs(detector_checkpoint, photos, tmp_path_factory):
    """tools/infer.py on the photos: an xywh CSV with a renamed column and
    the drawings."""
    from landmark.testing import run_tool
    out = tmp_path_factory.mktemp('tool')
    run = run_tool('tools/infer.py', DETECTION_CONFIG, detector_checkpoint,
                   photos, '--out-dir', str(out), '--show-dir',
                   str(out / 'drawn'), '--device', 'cpu', '--box-format',
                   'xywh', '--columns', 'image_id=ImageID', 'label', 'x',
                   'y', 'w', 'h')
    assert run.returncode == 0, run.stderr[-2000:]
    return out


@pytest.mark.slow
def test_to_csv_is_the_tools_csv(detector, photos, tmp_path, tool_outputs):
    results = detector(photos)
    rows = results.to_csv(
        str(tmp_path / 'api.csv'),
        box_format='xywh',
        fields=('image_id', 'label', 'x', 'y', 'w', 'h'),
        column_names=dict(image_id='ImageID'))
    assert rows == 3
    assert open(tmp_path / 'api.csv').read() == \
        open(tool_outputs / 'predictions.csv').read()


@pytest.mark.slow
def test_draw_is_the_tools_drawing(detector, photos, tool_outputs):
    for result in detector(photos):
        drawn = result.draw()
        assert drawn.shape == cv2.imread(result.name).shape
        # the tool encodes its drawing with cv2.imencode: the same bytes
        tool = open(tool_outputs / 'drawn' / osp.basename(result.name),
                    'rb').read()
        assert cv2.imencode('.jpg', drawn)[1].tobytes() == tool
        assert not np.array_equal(drawn, cv2.imread(result.name))


def test_pixel_budget_reaches_the_pipeline(detector_checkpoint, photos,
                                           expected):
    path = sorted(expected)[0]
    small = Inferencer(DETECTION_CONFIG, detector_checkpoint,
                       max_long_side=64)
    result = small(path)[0]
    # the config's 128 px long side, halved: other boxes, the same size
    assert result.size == expected[path]['ori_shape']
    assert not np.array_equal(result.scores,
                              expected[path]['pred_instances']['scores'])
    resize = [t for t in small.model.inference_pipeline
              if 'max_long_side' in t]
    assert resize and all(t['max_long_side'] == 64 for t in resize)
    with pytest.raises(ValueError, match='detection and segmentation'):
        Inferencer(RETRIEVAL_CONFIG, detector_checkpoint, max_pixels=10)
