import numpy as np

from landmark.detection.visualization import (GT_COLOR, PRED_COLOR,
                                              draw_predictions)

CLASSES = ('tower', 'dome')


def grey(height=240, width=320):
    return np.full((height, width, 3), 128, np.uint8)


def test_boxes_are_drawn_where_the_coordinates_say():
    image = grey()
    drawn = draw_predictions(
        image,
        np.array([[100., 60., 260., 200.]]),
        np.array([0.9]),
        np.array([1]),
        CLASSES,
        gt_bboxes=np.array([[20., 30., 80., 220.]]),
        gt_labels=np.array([0]),
        line_width=3)
    assert drawn.shape == image.shape  # size kept
    assert (image == 128).all()  # the input is untouched
    # the middle of each edge, away from the captions
    for x, y in [(100, 130), (260, 130), (180, 200)]:
        assert tuple(drawn[y, x]) == PRED_COLOR, (x, y)
    for x, y in [(20, 125), (80, 125), (50, 220)]:
        assert tuple(drawn[y, x]) == GT_COLOR, (x, y)
    # inside a box, and outside both, the photo is untouched
    assert tuple(drawn[130, 180]) == (128, 128, 128)
    assert tuple(drawn[230, 300]) == (128, 128, 128)


def test_score_threshold_and_max_boxes():
    boxes = np.array([[10., 10., 50., 50.], [60., 60., 120., 120.],
                      [220., 20., 300., 90.]])
    scores = np.array([0.2, 0.9, 0.6])
    labels = np.array([0, 0, 1])
    edge = {0: (10, 30), 1: (60, 90), 2: (220, 55)}  # left edge (x, y)

    def drawn_boxes(**kwargs):
        drawn = draw_predictions(
            grey(), boxes, scores, labels, CLASSES, line_width=2, **kwargs)
        return {
            i
            for i, (x, y) in edge.items() if tuple(drawn[y, x]) == PRED_COLOR
        }

    assert drawn_boxes(score_thr=0.3) == {1, 2}
    assert drawn_boxes(score_thr=0.0) == {0, 1, 2}
    assert drawn_boxes(score_thr=0.0, max_boxes=1) == {1}


def test_line_width_grows_with_the_image():
    small = draw_predictions(
        grey(240, 320), np.array([[40., 40., 200., 200.]]), np.array([1.]),
        np.array([0]), CLASSES)
    big = np.full((3000, 4000, 3), 128, np.uint8)
    big = draw_predictions(big, np.array([[500., 500., 2500., 2500.]]),
                           np.array([1.]), np.array([0]), CLASSES)
    thin = (small[120, 30:50] == PRED_COLOR).all(axis=1).sum()
    thick = (big[1500, 480:520] == PRED_COLOR).all(axis=1).sum()
    # 0.25% of the long side: 2 px at 320 wide, 10 px at 4000 wide (OpenCV
    # draws a line of thickness t about t + 1 px wide)
    assert 2 <= thin <= 3
    assert 10 <= thick <= 11
