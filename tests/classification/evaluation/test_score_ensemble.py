import pickle

import pytest
import torch

from landmark.classification.evaluation.score_ensemble import (
    fuse_class_scores, is_class_score_pickle, load_class_scores, score_report)


def _dump(path, scores, labels):
    items = [
        dict(
            img_path=f'img{i}.jpg',
            pred_score=torch.tensor(s),
            gt_label=torch.tensor([y]))
        for i, (s, y) in enumerate(zip(scores, labels))
    ]
    path.write_bytes(pickle.dumps(items))
    return str(path)


def test_weighted_mean_of_epochs(tmp_path):
    # image 0 (label 1): epoch A says 0.6/0.4, epoch B 0.2/0.8
    # weights 1, 3: (0.6 + 3 * 0.2) / 4 = 0.3, (0.4 + 3 * 0.8) / 4 = 0.7
    a = _dump(tmp_path / 'a.pkl', [[0.6, 0.4], [0.9, 0.1]], [1, 0])
    b = _dump(tmp_path / 'b.pkl', [[0.2, 0.8], [0.3, 0.7]], [1, 0])
    assert is_class_score_pickle(a)
    members = [load_class_scores(a), load_class_scores(b)]
    fused = fuse_class_scores(members, [1, 3])
    assert fused[0]['pred_score'].tolist() == pytest.approx([0.3, 0.7])
    # image 1: (0.9 + 0.9) / 4 = 0.45 < (0.1 + 2.1) / 4 = 0.55 -> wrong
    assert score_report(fused, ['x', 'y'])['accuracy'] == 50.0
    assert score_report(members[0], ['x', 'y'])['accuracy'] == 50.0


def test_members_of_other_images_refused(tmp_path):
    a = _dump(tmp_path / 'a.pkl', [[0.6, 0.4]], [1])
    b = tmp_path / 'b.pkl'
    b.write_bytes(
        pickle.dumps(
            [dict(img_path='other.jpg', pred_score=torch.tensor([1., 0.]))]))
    with pytest.raises(ValueError, match='does not list the images'):
        fuse_class_scores([load_class_scores(a),
                           load_class_scores(str(b))],
                          names=[a, str(b)])


def test_detection_pickle_is_not_taken_for_scores(tmp_path):
    det = tmp_path / 'det.pkl'
    det.write_bytes(pickle.dumps([dict(pred_instances=dict())]))
    assert not is_class_score_pickle(str(det))
