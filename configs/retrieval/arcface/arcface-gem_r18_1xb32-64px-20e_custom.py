# Your data, as tools/dataset_converters/retrieval_splits.py writes it
# (train.csv, val.csv, gallery.csv, query.csv, columns filename,landmark_id
# relative to the folder): the ArcFace CPU config trained on train.csv,
# validated on val.csv's queries against train.csv, tested on query.csv's
# queries (ids never trained on) against gallery.csv. Point it at your
# folder with --data-root (or edit data_root); the head's classes come from
# train.csv's ids.
_base_ = ['./arcface-gem_r18_1xb32-64px-20e_synthetic.py']
data_root = 'data/my_retrieval'
train_dataloader = dict(dataset=dict(data_root=data_root))
val_dataloader = dict(dataset=dict(data_root=data_root))
test_dataloader = dict(
    dataset=dict(
        data_root=data_root,
        ann_file='query.csv',
        gallery_ann_file='gallery.csv'))
# seeded, as the other "your data" configs are: the walkthrough of
# docs/retrieval.md gives the same figures when run again
randomness = dict(seed=0)
