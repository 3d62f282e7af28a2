"""tools/train.py and tools/test.py on the retrieval configs: a few
iterations of the triplet variant, validation and test reporting mAP@100
of the synthetic queries against the gallery."""
import os.path as osp
import re

from landmark.testing import REPO_ROOT, run_tool

CONFIG = osp.join(REPO_ROOT, 'configs', 'retrieval', 'triplet',
                  'triplet-gem_r18_1xb32-pk4-64px-20e_synthetic.py')
SCORE = re.compile(r'retrieval/mAP@100: (\d\.\d+)')


def test_triplet_training_validates_and_tests_with_map(
        tmp_path, synthetic_retrieval_options):
    work = tmp_path / 'work'
    train = run_tool('tools/train.py', CONFIG, '--work-dir', str(work),
                     '--cfg-options', *synthetic_retrieval_options,
                     'train_cfg.max_epochs=1', 'train_cfg.val_interval=1')
    log = train.stdout + train.stderr
    assert train.returncode == 0, log[-3000:]
    # 100 gallery images, 8 landmarks x 4 per batch: 5 iterations of the
    # triplet loss, whose mined triplets are logged
    assert 'Epoch(train) [1][5/5]' in log and 'triplet_active' in log
    val_scores = SCORE.findall(log)
    assert len(val_scores) == 1
    # the same weights on the same queries and gallery: tools/test.py
    # reports the validation's figure
    test = run_tool('tools/test.py', CONFIG, str(work / 'epoch_1.pth'),
                    '--work-dir', str(work), '--cfg-options',
                    *synthetic_retrieval_options)
    out = test.stdout + test.stderr
    assert test.returncode == 0, out[-3000:]
    assert 'Epoch(test)' in out and SCORE.findall(out) == val_scores
    assert 'retrieval/recall@1' in out and 'Traceback' not in out
