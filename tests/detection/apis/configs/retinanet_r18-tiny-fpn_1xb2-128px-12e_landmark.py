# The tiny RetinaNet for the CPU inference tests (random weights are fine
# for I/O tests): photos shrunk to a long side of 128 px, 2 images a test
# batch, every box kept (an untrained head scores low). It has its own
# TTA model (mmdet's DetTTAModel) for `--tta`; the TTA pipeline is derived
# from the test pipeline by the tools.
_base_ = ('../../../../configs/retinanet/'
          'retinanet_r18-tiny-fpn_1xb4-320px-12e_landmark.py')

max_long_side = 128
model = dict(test_cfg=dict(nms_pre=100, score_thr=0.0))
test_dataloader = dict(batch_size=2, num_workers=0, persistent_workers=False)

tta_model = dict(
    type='DetTTAModel',
    tta_cfg=dict(nms=dict(type='nms', iou_threshold=0.5), max_per_img=10))
