"""Own data, end to end, as a user runs it: membrane in an outside layout
(split folders, JPEG photos, RGB colour masks named ``<id>_mask.png``),
converted by masks_to_index.py, trained for real for a few iterations by
tools/train.py, then the same test photos predicted by tools/test.py
(--out), tools/infer.py and the Python API ``landmark.Inferencer`` must
give the same masks: one checkpoint, with flip TTA at a pixel budget (the
model must see the photos at that budget), and an ensemble of two epochs
(the tools run in this process: fresh processes would spend ~5 s each
importing the libraries).

Random weights would hide a model built without its normalization (both
tools would predict noise); a trained model does not. Bad layouts stop
tools/train.py in one line naming the file, before training."""
import os.path as osp

import numpy as np
import pytest

from landmark.segmentation.datasets.colour_mask_layout import \
    write_colour_mask_layout
from landmark.segmentation.evaluation import read_rle_csv
from landmark.testing import REPO_ROOT, run_tool, run_tool_in_process

CONFIG = osp.join(
    REPO_ROOT, 'configs/segmentation/unet/'
    'unet-tiny_s4-d8_1xb2-flip-8e_your-data.py')
# (name, tool flags, Inferencer arguments, checkpoint epochs, the photo
# size the model sees, its forward passes per photo): flip TTA at half the
# pixels sees two 362x362 views (sqrt(1/2) * 512 = 362.04); an ensemble
# runs each of its two members on the 512x512 photo
VARIANTS = (
    ('plain', [], {}, [8], (512, 512), 1),
    ('tta', ['--tta', '--max-pixels',
             '131072'], dict(tta=True, max_pixels=131072), [8], (362, 362), 2),
    ('ensemble', [], {}, [7, 8], (512, 512), 2),
)


def _tool(*args):
    result = run_tool(*args, env=dict(OMP_NUM_THREADS='1'))
    assert 'Traceback' not in result.stderr, result.stderr[-3000:]
    return result


def _tool_in_process(name, *args):
    result = run_tool_in_process(name, *args)
    assert 'Traceback' not in result.stderr, result.stderr[-3000:]
    return result


@pytest.fixture
def sizes_seen(monkeypatch):
    """The ``(H, W)`` of each photo (or view) the segmentors predict, as
    the model sees it (after the pipeline's resizes, before padding)."""
    from landmark.segmentation.models.segmentors import \
        GaussianSlideEncoderDecoder
    seen = []
    inference = GaussianSlideEncoderDecoder.inference

    def recording(self, inputs, batch_img_metas):
        seen.extend(tuple(meta['img_shape']) for meta in batch_img_metas)
        return inference(self, inputs, batch_img_metas)

    monkeypatch.setattr(GaussianSlideEncoderDecoder, 'inference', recording)
    return seen


@pytest.fixture(scope='module')
def colour_layout(tmp_path_factory, request):
    membrane = osp.join(REPO_ROOT, '..', 'shared', 'datasets', 'membrane')
    if not osp.isdir(membrane):
        pytest.skip(f'data test: membrane not found at {membrane}')
    root = tmp_path_factory.mktemp('membrane_colour')
    write_colour_mask_layout(membrane, str(root))
    return root


@pytest.mark.slow
@pytest.mark.data
def test_train_then_test_infer_and_python_give_the_same_masks(
        colour_layout, tmp_path, sizes_seen):
    from landmark import Inferencer
    root = colour_layout
    converted = run_tool_in_process('dataset_converters/masks_to_index',
                                    str(root / 'masks'),
                                    str(root / 'index_masks'), '--mask-suffix',
                                    '_mask.png', '--palette', 'cell=0,0,0',
                                    'membrane=255,0,0')
    assert converted.returncode == 0, converted.stderr
    assert 'wrote 30 index mask(s)' in converted.stdout
    work = str(tmp_path / 'work')
    # the config's 8 epochs (80 steps of 2 windows, about a minute on one
    # core), validated once at the end
    result = _tool(
        osp.join(REPO_ROOT,
                 'tools/train.py'), CONFIG, '--data-root', str(root),
        '--work-dir', work, '--cfg-options', 'train_cfg.val_interval=8')
    assert result.returncode == 0, result.stderr[-3000:]
    photos = sorted(str(p) for p in (root / 'images' / 'test').iterdir())
    for name, flags, api_args, epochs, size, passes in VARIANTS:
        checkpoints = [
            osp.join(work, 'epoch_weights', f'epoch_{e}.pth') for e in epochs
        ]
        out = str(tmp_path / f'test_{name}.csv')
        sizes_seen.clear()
        # a work dir of its own: MMEngine names a run by the second
        result = _tool_in_process('test', CONFIG, ','.join(checkpoints),
                                  '--data-root', str(root), '--work-dir',
                                  str(tmp_path / f'test_work_{name}'), '--out',
                                  out, *flags)
        assert result.returncode == 0, result.stderr[-3000:]
        assert sizes_seen == [size] * passes * 5, (name, 'test', sizes_seen)
        sizes_seen.clear()
        infer_dir = tmp_path / f'infer_{name}'
        result = _tool_in_process('infer', CONFIG, ','.join(checkpoints),
                                  str(root / 'images' / 'test'), '--out-dir',
                                  str(infer_dir), '--device', 'cpu', *flags)
        assert result.returncode == 0, result.stderr[-3000:]
        assert sizes_seen == [size] * passes * 5, (name, 'infer', sizes_seen)
        sizes_seen.clear()
        results = Inferencer(CONFIG, checkpoints, **api_args)(photos)
        assert sizes_seen == [size] * passes * 5, (name, 'API', sizes_seen)
        tested = read_rle_csv(out)
        inferred = read_rle_csv(str(infer_dir / 'masks.csv'))
        # the 5 test photos, 'membrane' predicted on each, at 512x512
        assert sorted(tested) == [(str(i), 'membrane') for i in range(5)]
        assert sorted(inferred) == sorted(tested)
        for key, mask in tested.items():
            assert mask.shape == (512, 512)
            np.testing.assert_array_equal(inferred[key], mask, err_msg=key)
        assert [osp.basename(r.name)
                for r in results] == [f'{i}.jpg' for i in range(5)]
        for i, result in enumerate(results):
            np.testing.assert_array_equal(
                result.mask == 1,
                tested[str(i), 'membrane'],
                err_msg=f'{name} API {i}')
        # a trained model: neither all membrane nor none (~22 % is); all
        # cell, the trivial answer, would leave every mask empty
        share = np.mean([m.mean() for m in tested.values()])
        assert 0.05 < share < 0.6, (name, share)


@pytest.mark.data
def test_colour_masks_stop_training_in_one_line(colour_layout, tmp_path):
    root = colour_layout
    result = _tool(
        osp.join(REPO_ROOT, 'tools/train.py'), CONFIG, '--data-root',
        str(root), '--work-dir', str(tmp_path / 'w'), '--cfg-options',
        'train_dataloader.dataset.data_prefix.seg_map_path='
        'masks/train')
    mask = root / 'masks' / 'train' / '0_mask.png'
    assert result.returncode == 2
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith('error: MaskFolderDataset: none of the 20 '
                           f'image(s) in {root}/images/train has a usable '
                           'mask; the first: [bad_annotation, skipped] '
                           f'{mask}: a colour mask (PIL mode RGB)'), line
    assert not osp.exists(tmp_path / 'w' / 'epoch_weights')


@pytest.mark.data
def test_a_mask_suffix_left_at_its_default_is_one_line(colour_layout,
                                                       tmp_path):
    root = colour_layout
    result = _tool(
        osp.join(REPO_ROOT, 'tools/train.py'), CONFIG, '--data-root',
        str(root), '--work-dir', str(tmp_path / 'w'), '--cfg-options',
        'train_dataloader.dataset.seg_map_suffix=.png',
        'train_dataloader.dataset.data_prefix.seg_map_path='
        'masks/train')
    assert result.returncode == 2
    line = result.stderr.strip().splitlines()[-1]
    assert line.endswith(
        "0_mask.png is there: set seg_map_suffix='_mask.png' (20 "
        'missing_mask in all)'), line
    assert 'no mask for image 0.jpg' in line
