"""landmark.core.compat: each change to another library shows its symptom
without it, is applied only by ``apply_stack_compat`` (which the task
packages call), once, and leaves every library's registry complete."""
import json
import os.path as osp
import pickle
import subprocess
import sys

import numpy as np
import pytest
import torch
from mmengine.logging import HistoryBuffer
from mmengine.registry import DefaultScope
from mmengine.runner import checkpoint as mmengine_checkpoint

import landmark.classification  # noqa: F401
import landmark.detection  # noqa: F401
import landmark.segmentation  # noqa: F401
from landmark.core import checkpoint_loader
from landmark.core.compat import (STACK_PATCHES, applied_stack_compat,
                                  apply_stack_compat, to_tensor_any_strides)

REPO = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


def _run_python(code: str):
    """Run ``code`` in a fresh interpreter; its last stdout line, as
    JSON."""
    out = subprocess.run([sys.executable, '-c', code],
                         capture_output=True,
                         text=True,
                         cwd=REPO)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_every_change_names_its_upstream_version_and_symptom():
    names = [p.name for p in STACK_PATCHES]
    assert names == [
        'mmengine.safe_checkpoint_loader', 'mmpretrain.numpy_in1d',
        'mmdet.packer_negative_strides', 'mmseg.packer_negative_strides'
    ]
    for patch in STACK_PATCHES:
        assert any(ch.isdigit() for ch in patch.upstream), patch
        assert patch.symptom, patch


def test_importing_landmark_core_changes_no_library():
    state = _run_python(
        'import json, numpy as np\n'
        'from mmengine.fileio.backends import LocalBackend\n'
        'from mmengine.fileio.backends.registry_utils import '
        'prefix_to_backends\n'
        'from mmengine.runner import checkpoint as c\n'
        'import landmark, landmark.core\n'
        'print(json.dumps([hasattr(np, "in1d"), '
        'prefix_to_backends[""] is LocalBackend, '
        'c.CheckpointLoader._schemes[""] is c.load_from_local, '
        'landmark.core.applied_stack_compat()]))')
    assert state == [False, True, True, []]


def test_task_packages_apply_their_changes_once():
    applied = _run_python(
        'import json\n'
        'from landmark.core.compat import apply_stack_compat\n'
        'print(json.dumps([apply_stack_compat("mmseg"), '
        'apply_stack_compat("mmseg"), apply_stack_compat("mmdet")]))')
    assert applied == [[
        'mmengine.safe_checkpoint_loader', 'mmseg.packer_negative_strides'
    ], [], ['mmdet.packer_negative_strides']]
    with pytest.raises(ValueError, match="expected one of"):
        apply_stack_compat('mmocr')
    # in this process the three task packages were imported
    assert applied_stack_compat() == [p.name for p in STACK_PATCHES]


def test_segmentation_first_leaves_mmseg_heads_on_mmdet_heads():
    # hiding mmdet while mmseg imported left mmseg's Mask2FormerHead on
    # BaseModule for the rest of the process; NumPy stays unpatched
    bases = _run_python(
        'import json, numpy as np\n'
        'import landmark.segmentation, landmark.detection\n'
        'import landmark.classification, landmark.retrieval\n'
        'import mmseg.models, mmdet.models\n'
        'from mmseg.registry import MODELS\n'
        'from mmdet.registry import MODELS as DET_MODELS\n'
        'heads = [MODELS.module_dict[n].__mro__[1] for n in '
        '("Mask2FormerHead", "MaskFormerHead")]\n'
        'print(json.dumps([f"{h.__module__}.{h.__name__}" for h in heads] + '
        '[hasattr(np, "in1d"), '
        '"ResLayerExtraNorm" in DET_MODELS.module_dict]))')
    assert bases == [
        'mmdet.models.dense_heads.mask2former_head.Mask2FormerHead',
        'mmdet.models.dense_heads.maskformer_head.MaskFormerHead', False, True
    ]


def test_classification_imports_no_mmseg():
    loaded = _run_python('import json, sys, landmark.classification\n'
                         'print(json.dumps("mmseg" in sys.modules))')
    assert loaded is False


def _mmengine_checkpoint(path):
    # what CheckpointHook saves: the message hub holds HistoryBuffers
    buffer = HistoryBuffer()
    buffer.update(0.5)
    torch.save(
        dict(
            meta=dict(epoch=1),
            state_dict=dict(w=torch.ones(2)),
            message_hub=dict(log_scalars=dict(loss=buffer))), path)


def test_mmengine_loader_fails_on_its_own_checkpoint_without_the_change(
        tmp_path):
    path = str(tmp_path / 'epoch_1.pth')
    _mmengine_checkpoint(path)
    with pytest.raises(pickle.UnpicklingError, match='Weights only load'):
        mmengine_checkpoint.load_from_local(path, map_location='cpu')
    # with it (the scheme MMEngine's load_checkpoint dispatches to)
    loaded = mmengine_checkpoint.CheckpointLoader.load_checkpoint(
        path, map_location='cpu')
    assert loaded['message_hub']['log_scalars']['loss'].current() == 0.5


class NotAWeight:
    """Outside the allowlist: unpickling it could run code."""


def test_the_first_refusal_is_logged_once(tmp_path, monkeypatch):
    path = str(tmp_path / 'odd.pth')
    torch.save(dict(extra=NotAWeight()), path)
    logged = []
    monkeypatch.setattr(checkpoint_loader, '_refusal_logged', False)
    monkeypatch.setattr(checkpoint_loader, 'print_log',
                        lambda msg, **kw: logged.append(msg))
    for _ in range(2):
        with pytest.raises(checkpoint_loader.UnsafeCheckpointError):
            mmengine_checkpoint.CheckpointLoader.load_checkpoint(path)
    assert len(logged) == 1
    assert 'safe checkpoint loader' in logged[0] and path in logged[0]


def test_mmpretrain_retrieval_metrics_need_in1d(monkeypatch):
    from mmpretrain.evaluation import RetrievalRecall
    from mmpretrain.evaluation.metrics import retrieval
    # query 0: top-1 = 3 is not relevant, top-2 adds 1 (relevant)
    # query 1: top-1 = 2 is relevant -> recall@1 = 50 %, recall@2 = 100 %
    pred = torch.tensor([[0.1, 0.8, 0.0, 0.9], [0.2, 0.1, 0.9, 0.0]])
    target = [torch.tensor([1]), torch.tensor([2])]
    recall = RetrievalRecall.calculate(
        pred, target, topk=(1, 2), target_indices=True)
    assert [float(r) for r in recall] == [50.0, 100.0]
    assert not hasattr(np, 'in1d')  # NumPy itself is not changed
    assert retrieval.np.in1d([[1, 5], [2, 7]],
                             [2, 5]).tolist() == [False, True, True, False]
    monkeypatch.setattr(retrieval, 'np', np)  # without the change
    with pytest.raises(AttributeError, match='in1d'):
        RetrievalRecall.calculate(
            pred, target, topk=(1, 2), target_indices=True)


def test_mmcv_to_tensor_refuses_a_negative_stride_without_the_change():
    from mmcv.transforms.formatting import to_tensor
    image = np.arange(6, dtype=np.uint8).reshape(1, 2, 3)[:, ::-1]
    with pytest.raises(ValueError, match='negative'):
        to_tensor(image)
    assert to_tensor_any_strides(image).tolist() == [[[3, 4, 5], [0, 1, 2]]]


def test_a_flipped_one_pixel_photo_packs_for_detection_and_segmentation():
    from mmdet.registry import TRANSFORMS as DET_TRANSFORMS
    from mmseg.registry import TRANSFORMS as SEG_TRANSFORMS
    image = np.array([[[10, 20, 30]]], dtype=np.uint8)
    flipped = image[:, ::-1]  # what RandomFlip leaves: a view
    assert flipped.flags.c_contiguous and flipped.strides[1] < 0
    meta = dict(img_path='one.png', ori_shape=(1, 1), img_shape=(1, 1))
    with DefaultScope.overwrite_default_scope('mmdet'):
        packed = DET_TRANSFORMS.build(dict(type='PackDetInputs'))(
            dict(img=flipped, img_id=0, **meta))
    assert packed['inputs'].tolist() == [[[10]], [[20]], [[30]]]
    with DefaultScope.overwrite_default_scope('mmseg'):
        packed = SEG_TRANSFORMS.build(dict(type='PackSegInputs'))(
            dict(img=flipped, gt_seg_map=np.zeros((1, 1), np.uint8), **meta))
    assert packed['inputs'].tolist() == [[[10]], [[20]], [[30]]]
