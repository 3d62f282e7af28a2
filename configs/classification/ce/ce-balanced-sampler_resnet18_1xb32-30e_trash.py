# Plain cross-entropy on class-balanced sampling: mmengine's
# ClassBalancedDataset repeats an image of class c ceil(sqrt(t / f_c)) times
# when its class is in fewer than a share t of the images.
_base_ = ['./ce_resnet18_1xb32-30e_trash.py']
train_dataloader = dict(
    dataset=dict(
        _delete_=True,
        type='ClassBalancedDataset',
        oversample_thr=0.2,
        dataset={{_base_.train_dataloader.dataset}}))
