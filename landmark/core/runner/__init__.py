"""From a config file and the tools' flags to a config a ``Runner`` is
built from, the same for every task: loading with ``--cfg-options`` and
``--work-dir``, the training flags, TensorBoard, CPU distributed runs."""
from landmark.core.runner.config_loading import load_config
from landmark.core.runner.config_preparation import (prepare_test_config,
                                                     prepare_train_config)
from landmark.core.runner.distributed import (finish_distributed,
                                              prepare_cpu_distributed)
from landmark.core.runner.exact_resume import apply_exact_resume
from landmark.core.runner.runner_loops import (report_user_error, run_testing,
                                               run_training)
from landmark.core.runner.tensorboard_logging import \
    add_tensorboard_if_installed
from landmark.core.runner.train_flags import (amp_requested, apply_amp,
                                              apply_auto_scale_lr,
                                              apply_pretrained_weights,
                                              apply_resume, apply_train_flags)

__all__ = [
    'load_config', 'prepare_train_config', 'prepare_test_config',
    'apply_exact_resume', 'finish_distributed',
    'prepare_cpu_distributed',
    'add_tensorboard_if_installed', 'amp_requested', 'apply_amp',
    'apply_auto_scale_lr', 'apply_pretrained_weights', 'apply_resume',
    'apply_train_flags',
    'report_user_error', 'run_testing', 'run_training'
]
