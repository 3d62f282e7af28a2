"""Every task's train and test configs go through the same steps, with the
task's own steps where the shared ones need them: before the training
flags, after them (they see the resumed checkpoint), or after the
checkpoint a test loads is set."""
import pytest

from landmark.core.runner import prepare_test_config, prepare_train_config

CONFIG = '''
model = dict(type='AnyModel', backbone=dict(
    init_cfg=dict(type='Pretrained', checkpoint='/nowhere/backbone.pth')))
train_dataloader = dict(dataset=dict(type='AnyDataset', data_root='a'))
visualizer = dict(type='Visualizer')
optim_wrapper = dict(optimizer=dict(type='SGD', lr=0.1))
'''


@pytest.fixture
def config(tmp_path):
    path = tmp_path / 'any_config.py'
    path.write_text(CONFIG)
    return str(path)


def _set_data_root(cfg, data_root):
    cfg.train_dataloader.dataset.data_root = data_root


def test_train_steps_run_before_and_after_the_flags(config, tmp_path):
    checkpoint = tmp_path / 'epoch_1.pth'
    checkpoint.write_bytes(b'')
    seen = []

    def before(cfg):
        seen.append(('before', cfg.train_dataloader.dataset.data_root,
                     cfg.get('load_from')))

    def after(cfg):
        seen.append(('after', cfg.train_dataloader.dataset.data_root,
                     cfg.get('load_from')))

    cfg = prepare_train_config(
        config,
        work_dir=str(tmp_path / 'work'),
        resume=str(checkpoint),
        data_root='b',
        set_data_root=_set_data_root,
        before_flags=(before, ),
        after_flags=(after, ))
    # --data-root reaches the data before any step; --resume only the
    # steps after the flags
    assert seen == [('before', 'b', None), ('after', 'b', str(checkpoint))]
    assert cfg.resume is True and cfg.work_dir == str(tmp_path / 'work')


def test_test_steps_see_the_checkpoint_and_no_pretrained_file(
        config, tmp_path):
    checkpoint = tmp_path / 'best.pth'
    checkpoint.write_bytes(b'')
    seen = []

    def step(cfg):
        seen.append((cfg.load_from, cfg.model.backbone.init_cfg))

    def tta(cfg):
        seen.append('tta')

    work_dir = tmp_path / 'test_work'
    prepare_test_config(
        config,
        str(checkpoint),
        work_dir=str(work_dir),
        tta=True,
        steps=(step, ),
        apply_tta=tta)
    assert seen == [(str(checkpoint), None), 'tta']
    assert work_dir.is_dir()


def test_test_refuses_tta_a_task_does_not_have_and_a_missing_checkpoint(
        config, tmp_path):
    checkpoint = tmp_path / 'best.pth'
    with pytest.raises(FileNotFoundError, match='best.pth'):
        prepare_test_config(config, str(checkpoint))
    checkpoint.write_bytes(b'')
    with pytest.raises(ValueError, match='--tta'):
        prepare_test_config(config, str(checkpoint), tta=True)


def test_the_tools_flags_are_what_the_preparation_takes():
    """tools/train.py and tools/test.py pass TRAIN_FLAGS / TEST_FLAGS by
    name: each must be a flag parameter of the shared preparation."""
    import inspect

    from landmark.core.tool_args import TEST_FLAGS, TRAIN_FLAGS

    def flag_names(prepare, skip):
        params = inspect.signature(prepare).parameters.values()
        return [p.name for p in params
                if p.kind == p.POSITIONAL_OR_KEYWORD][skip:]

    assert sorted(TRAIN_FLAGS) == sorted(flag_names(prepare_train_config, 1))
    assert sorted(TEST_FLAGS) == sorted(flag_names(prepare_test_config, 2))
