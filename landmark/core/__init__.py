"""What every task of landmark shares: safe checkpoint loading, atomic
writes, image decoding and bad-input reporting, saved-prediction files,
pretrained-weight checks, training-log plots and the epoch-keeping hook.

Imports only MMEngine (never a task library), so each task package builds
on it without pulling in the others. Importing it changes no other library:
the changes landmark makes to MMEngine, mmpretrain, mmdet and mmseg are
listed in :mod:`landmark.core.compat` and applied by
:func:`apply_stack_compat`, which each task package calls (the safe
checkpoint loader among them).
"""
from landmark.core import hooks  # noqa: F401 (registers hooks)
from landmark.core.atomic_file_backend import (ATOMIC_BACKEND_ARGS,
                                               AtomicLocalBackend)
from landmark.core.checkpoint_loader import (
    CHECKPOINT_ERRORS, CHECKPOINT_SAFE_GLOBALS, TRUST_ENV_VAR,
    CorruptCheckpointError, UnsafeCheckpointError, legacy_checkpoints_trusted,
    load_checkpoint_safely, register_safe_checkpoint_loader,
    trust_legacy_checkpoints)
from landmark.core.compat import (STACK_PATCHES, applied_stack_compat,
                                  apply_stack_compat)
from landmark.core.data_problems import (PROBLEM_KINDS, DataProblem,
                                         DataProblemError, ProblemLog)
from landmark.core.hooks import KeepLastEpochsHook
from landmark.core.image_files import (ImageReadError, decode_image,
                                       find_image_file, is_image_file,
                                       list_image_files, read_image_size)
from landmark.core.image_inputs import read_image_list, resolve_image_inputs
from landmark.core.log_plotting import (TrainingLog, plot_training_logs,
                                        read_training_log)
from landmark.core.prediction_pickles import (SafePredictionUnpickler,
                                              UnsafePredictionFileError,
                                              dump_prediction_pickle,
                                              load_prediction_items,
                                              load_prediction_pickle)
from landmark.core.pretrained_weights import (PretrainedWeightsError,
                                              check_pretrained_weights,
                                              drop_pretrained_weights,
                                              find_pretrained_weights)

__all__ = [
    'ATOMIC_BACKEND_ARGS', 'AtomicLocalBackend', 'CHECKPOINT_ERRORS',
    'CHECKPOINT_SAFE_GLOBALS', 'CorruptCheckpointError', 'TRUST_ENV_VAR',
    'UnsafeCheckpointError', 'legacy_checkpoints_trusted',
    'load_checkpoint_safely', 'register_safe_checkpoint_loader',
    'trust_legacy_checkpoints', 'KeepLastEpochsHook', 'PROBLEM_KINDS',
    'DataProblem', 'DataProblemError', 'ProblemLog', 'ImageReadError',
    'decode_image', 'find_image_file', 'is_image_file', 'list_image_files',
    'read_image_size', 'read_image_list', 'resolve_image_inputs',
    'TrainingLog', 'plot_training_logs', 'read_training_log',
    'SafePredictionUnpickler', 'UnsafePredictionFileError',
    'dump_prediction_pickle', 'load_prediction_items',
    'load_prediction_pickle',
    'PretrainedWeightsError', 'check_pretrained_weights',
    'drop_pretrained_weights', 'find_pretrained_weights', 'STACK_PATCHES',
    'apply_stack_compat', 'applied_stack_compat'
]
