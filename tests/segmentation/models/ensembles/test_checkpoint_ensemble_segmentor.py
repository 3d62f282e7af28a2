import torch
from mmengine.config import ConfigDict
from mmseg.registry import MODELS
from mmseg.structures import SegDataSample

import landmark.segmentation  # noqa: F401 (registers)

TINY = ConfigDict(
    type='EncoderDecoder',
    data_preprocessor=dict(type='SegDataPreProcessor'),
    backbone=dict(
        type='UNet',
        in_channels=3,
        base_channels=4,
        num_stages=2,
        strides=(1, 1),
        enc_num_convs=(1, 1),
        dec_num_convs=(1, ),
        downsamples=(True, ),
        enc_dilations=(1, 1),
        dec_dilations=(1, ),
        norm_cfg=dict(type='BN')),
    decode_head=dict(
        type='FCNHead',
        in_channels=4,
        channels=4,
        num_convs=0,
        concat_input=False,
        num_classes=3,
        in_index=1),
    test_cfg=dict(mode='whole'))


def _samples():
    meta = dict(img_shape=(8, 8), ori_shape=(8, 8), pad_shape=(8, 8))
    return [SegDataSample(metainfo=meta)]


def test_weighted_mean_of_the_checkpoints_probabilities(tmp_path):
    paths, members = [], []
    for seed in (0, 1):
        torch.manual_seed(seed)
        model = MODELS.build(TINY).eval()
        path = str(tmp_path / f'epoch_{seed}.pth')
        torch.save(dict(state_dict=model.state_dict()), path)
        paths.append(path)
        members.append(model)
    ensemble = MODELS.build(
        dict(
            type='CheckpointEnsembleSegmentor',
            model=TINY,
            checkpoints=paths,
            weights=(3., 1.))).eval()
    inputs = torch.rand(1, 3, 8, 8)
    with torch.no_grad():
        merged = ensemble.predict(inputs, _samples())[0]
        probs = [
            m.predict(inputs, _samples())[0].seg_logits.data.softmax(0)
            for m in members
        ]
    # (3 p0 + 1 p1) / 4
    expected = (3 * probs[0] + probs[1]) / 4
    torch.testing.assert_close(
        merged.seg_logits.data.softmax(0), expected, atol=1e-5, rtol=1e-4)
    assert torch.equal(merged.pred_sem_seg.data[0], expected.argmax(0))
    assert not torch.allclose(probs[0], probs[1])  # members differ
