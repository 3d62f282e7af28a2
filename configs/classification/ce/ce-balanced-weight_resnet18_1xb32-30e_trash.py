# Cross-entropy with class weights n / (C * n_c) from the training counts
# (scikit-learn's 'balanced'), computed by the dataset, set by the hook.
_base_ = ['./ce_resnet18_1xb32-30e_trash.py']
custom_hooks = [dict(type='TrainClassCountsHook', class_weight='balanced')]
