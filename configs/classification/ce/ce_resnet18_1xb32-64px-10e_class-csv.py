# Your own photos: the CPU setting of ce_resnet18_1xb32-64px-10e_trash.py on
# {data_root}/train.csv and val.csv (filename,label; file names relative to
# data_root), as tools/dataset_converters/split_class_data.py writes them.
# Point it at your folder with --data-root; the head gets as many classes
# as the CSVs have (the tools set num_classes from the data).
_base_ = ['./ce_resnet18_1xb32-64px-10e_trash.py']
data_root = 'data/my_photos'
dataset_type = 'ClassCsvDataset'
train_dataloader = dict(
    dataset=dict(
        _delete_=True,
        type=dataset_type,
        data_root=data_root,
        ann_file='train.csv',
        pipeline={{_base_.train_pipeline}}))
val_dataloader = dict(
    dataset=dict(
        _delete_=True,
        type=dataset_type,
        data_root=data_root,
        ann_file='val.csv',
        pipeline={{_base_.test_pipeline}}))
test_dataloader = val_dataloader
