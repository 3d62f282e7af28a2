"""The flip-TTA settings used wherever a config does not choose its own.

One place for them: :class:`FusionTTAModel`'s defaults,
``configs/_base_/tta/flip-wbf.py`` (which relies on those defaults),
``TTAComparisonHook`` and ``tools/test.py --tta`` all read them from here.
"""

# One weight per view of the flip TTA pipeline: the original counts twice
# as much as its horizontal flip.
FLIP_VIEW_WEIGHTS = (2.0, 1.0)

# Weighted Boxes Fusion of the views (``BoxFuser`` in MMDetection's
# ``TASK_UTILS`` registry).
FLIP_FUSER = dict(
    type='BoxFuser',
    method='wbf',
    iou_thr=0.55,
    skip_box_thr=0.0,
    conf_type='avg')

# One landmark per photo: keep only the top fused box.
FLIP_SINGLE_OBJECT = True
