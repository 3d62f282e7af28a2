# DINO with ResNet-50 at native resolution, the base of the landmark DINO
# configs: 1 GPU x 2 images as batch 1 with 2 steps accumulated (no photo
# padded to another's size), AdamW lr 1e-4 with backbone lr x0.1 (mmdet's
# DINO schedule), 12 epochs, fewer queries than COCO's 900 (one object per
# scene), activation checkpointing in the backbone and in every deformable
# encoder and decoder layer.
_base_ = [
    '../_base_/models/dino-4scale_r50.py',
    '../_base_/datasets/landmark_detection.py',
    '../_base_/schedules/detr_adamw_12e.py', 'mmdet::_base_/default_runtime.py'
]

train_dataloader = dict(batch_size=1)  # x accumulative_counts=2
# checkpoints written atomically (landmark.core.atomic_file_backend)
default_hooks = dict(
    checkpoint=dict(backend_args=dict(backend='atomic_local')))

# torch.utils.checkpoint on each encoder and decoder layer: at 4000x3000
# the stride-8 level alone is ~190k tokens through 6 encoder layers (memory
# and step time with and without it: README, native resolution)
custom_hooks = [
    dict(
        type='ActivationCheckpointingHook',
        modules=['encoder.layers', 'decoder.layers'])
]
