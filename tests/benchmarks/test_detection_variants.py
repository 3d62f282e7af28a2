"""benchmarks/detection_variants.py runs the docs' commands (the flags the
tools accept), reuses a trained work dir, and scores a prediction file as
tools/ensemble.py scores its members."""
import json

import pytest

from landmark.testing import load_script


@pytest.fixture(scope='module')
def bench():
    return load_script('benchmarks/detection_variants.py')


def test_the_commands_are_the_docs_commands_and_the_tools_accept_them(bench):
    args = bench.parse_args(
        ['--work-dir', 'W', '--data-root', 'D', '--pred-dir', 'P'])
    runs = bench.variant_commands(args)
    assert [name for name, *_ in runs] == [
        'epoch 5, plain', 'epoch 6, plain', 'epoch 6, flip TTA',
        'ensemble of the three (WBF)'
    ]
    test_tool = load_script('tools/test.py')
    parsed = [test_tool.parse_args(argv[2:]) for _, _, argv in runs[:3]]
    assert [(p.checkpoint, p.tta, p.out, p.cfg_options) for p in parsed] == [
        ('W/epoch_5.pth', False, 'P/e5_plain.pkl',
         dict(single_object_top1=True)),
        ('W/epoch_6.pth', False, 'P/e6_plain.pkl',
         dict(single_object_top1=True)),
        # the TTA keeps one box a photo itself
        ('W/epoch_6.pth', True, 'P/e6_tta.pkl', None),
    ]
    assert {p.data_root for p in parsed} == {'D'}
    assert all(pkl == p.out for (_, pkl, _), p in zip(runs, parsed))
    ensemble_tool = load_script('tools/ensemble.py')
    fused = ensemble_tool.parse_args(runs[3][2][2:])
    assert fused.predictions == [p.out for p in parsed]
    assert (fused.method, fused.ann_file, fused.out) == \
        ('wbf', 'D/annotations/val.json', 'P/ensemble.pkl')


def test_a_trained_work_dir_is_reused_and_another_folder_is_not_trained(
        bench, tmp_path):
    run = tmp_path / 'run1'
    run.mkdir()
    (run / 'epoch_6.pth').write_bytes(b'')
    args = bench.parse_args(['--work-dir', str(run)])
    with pytest.raises(
            SystemExit,
            match='run1: no epoch_5.pth and '
            'epoch_6.pth in it; expected a trained work dir'):
        bench.train_if_missing(args)
    (run / 'epoch_5.pth').write_bytes(b'')
    assert bench.train_if_missing(args) == dict(
        trained=False,
        checkpoints=[str(run / 'epoch_5.pth'),
                     str(run / 'epoch_6.pth')])


def test_a_prediction_file_is_scored_against_the_annotations(bench, tmp_path):
    from landmark.core import dump_prediction_pickle

    # two photos, one box each; the first predicted exactly (IoU 1), the
    # second's box misses its landmark (IoU 0) with the right class
    ann = dict(
        images=[
            dict(id=1, file_name='a.jpg', width=100, height=80),
            dict(id=2, file_name='b.jpg', width=100, height=80)
        ],
        annotations=[
            dict(
                id=1,
                image_id=1,
                category_id=1,
                bbox=[10, 10, 30, 20],
                area=600,
                iscrowd=0),
            dict(
                id=2,
                image_id=2,
                category_id=2,
                bbox=[50, 40, 40, 30],
                area=1200,
                iscrowd=0)
        ],
        categories=[dict(id=1, name='dome'),
                    dict(id=2, name='arch')])
    ann_file = tmp_path / 'val.json'
    ann_file.write_text(json.dumps(ann))

    def pred(img_id, box, label):
        return dict(
            img_id=img_id,
            img_path=f'{img_id}.jpg',
            ori_shape=(80, 100),
            pred_instances=dict(bboxes=[box], scores=[0.9], labels=[label]))

    pkl = str(tmp_path / 'p.pkl')
    dump_prediction_pickle(
        [pred(1, [10, 10, 40, 30], 0),
         pred(2, [0, 0, 20, 20], 1)], pkl)
    scores = bench.score(pkl, str(ann_file))
    # half the photos localized and both classes right; COCO AP: the dome
    # class is found perfectly (AP 1), the arch never (AP 0): mAP 0.5
    assert scores['loc_acc'] == 0.5 and scores['cls_acc'] == 1.0
    assert scores['bbox_mAP'] == pytest.approx(0.5, abs=1e-3)
    assert scores['bbox_mAP_50'] == pytest.approx(0.5, abs=1e-3)
    table = bench.markdown_table(
        [dict(variant='plain', seconds=3.2, **scores)])
    assert table.splitlines()[2].startswith('| plain | 0.500 | 0.500 | '
                                            '0.500 | 1.000 |')
