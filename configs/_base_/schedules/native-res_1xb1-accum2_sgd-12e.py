# The CNN baselines' data, schedule and runtime at native resolution:
# mmdet's 1x SGD schedule at batch 1 per step with gradients accumulated
# over 2 steps (effective batch 2: photos of different sizes are never
# padded to each other's size), lr 0.02 x 2/16 = 0.0025 (mmdet's lr is for
# 16 images a batch). MMEngine's auto_scale_lr counts GPUs x batch_size
# only; --auto-scale-lr (landmark.core.runner.apply_auto_scale_lr) also
# counts accumulative_counts, so base_batch_size is the effective batch.
_base_ = [
    '../datasets/landmark_detection.py',
    'mmdet::_base_/schedules/schedule_1x.py',
    'mmdet::_base_/default_runtime.py'
]

train_dataloader = dict(batch_size=1)
optim_wrapper = dict(optimizer=dict(lr=0.0025), accumulative_counts=2)
auto_scale_lr = dict(enable=False, base_batch_size=2)
# checkpoints written atomically (landmark.core.atomic_file_backend)
default_hooks = dict(
    checkpoint=dict(backend_args=dict(backend='atomic_local')))
