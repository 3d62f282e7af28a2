# Horizontal-flip test-time augmentation fused by Weighted Boxes Fusion,
# the original view weighted 2 to 1, the top box kept: FusionTTAModel's
# defaults (landmark/detection/models/tta/tta_defaults.py, the one place
# they are written). Switched on by `tools/test.py CONFIG CHECKPOINT --tta`
# (which wraps `model` in `tta_model`), or inherited by a config:
# `_base_ = [..., '../_base_/tta/flip-wbf.py']`.
#
# No `tta_pipeline`: the tools derive it from the config's own test pipeline
# (landmark.detection.models.tta.flip_tta_pipeline: the same loading and
# resizing, then the original and the flipped view), so a 320-px config is
# tested at 320 px, and the pixel budget reaches it. The types are
# registered by `landmark.detection`, which every config of this project
# imports (custom_imports is not repeated here: a key may appear in only
# one of several bases).
tta_model = dict(type='FusionTTAModel')
