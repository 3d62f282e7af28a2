"""Fixtures of the retrieval tests: mmpretrain's scope."""
import pytest

import landmark.retrieval  # noqa: F401  (registers the modules)


@pytest.fixture(autouse=True)
def mmdet_default_scope():
    """Overrides the suite-wide fixture of the same name: retrieval builds
    its registry types in mmpretrain's scope."""
    from mmengine.registry import DefaultScope
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        yield


@pytest.fixture(scope='session')
def synthetic_retrieval_root(tmp_path_factory):
    """The seeded synthetic retrieval set, written once per session (tests
    that change it make their own)."""
    from landmark.retrieval.datasets import generate_retrieval_dataset
    root = tmp_path_factory.mktemp('retrieval_synthetic')
    generate_retrieval_dataset(str(root), seed=0)
    return root


@pytest.fixture(scope='session')
def synthetic_retrieval_options(synthetic_retrieval_root) -> list:
    """``--cfg-options`` pointing a synthetic retrieval config at the set:
    the training, query and gallery (``model.prototype``) datasets."""
    return [
        f'{key}.dataset.data_root={synthetic_retrieval_root}'
        for key in ('train_dataloader', 'val_dataloader', 'test_dataloader',
                    'model.prototype')
    ]
