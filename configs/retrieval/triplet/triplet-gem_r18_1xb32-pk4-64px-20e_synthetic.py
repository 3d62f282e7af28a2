# The triplet variant of the ArcFace CPU config: no classifier, a
# batch-hard triplet loss (margin 0.3) on the L2-normalized 128-d GeM
# embedding, each batch 8 landmarks x 4 images (ClassGroupedSampler) so
# that every anchor has positives and negatives. Same data, schedule and
# validation (mAP@100 of val.csv's queries against train.csv).
_base_ = ['../arcface/arcface-gem_r18_1xb32-64px-20e_synthetic.py']
model = dict(
    head=dict(
        _delete_=True,
        type='TripletEmbeddingHead',
        loss=dict(type='MinedTripletLoss', margin=0.3, mining='batch_hard')))
train_dataloader = dict(
    sampler=dict(
        _delete_=True, type='ClassGroupedSampler', images_per_class=4))
