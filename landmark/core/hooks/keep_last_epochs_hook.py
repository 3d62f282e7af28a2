"""Keep the weights of the last K epochs, for epoch ensembling."""
import io
import json
import os
import os.path as osp
from typing import List, Optional

import torch
from mmengine.dist import is_main_process
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper
from mmengine.registry import HOOKS
from mmengine.runner.checkpoint import get_state_dict, weights_to_cpu

from landmark.core.atomic_io import dump_json_atomic, write_bytes_atomic


@HOOKS.register_module()
class KeepLastEpochsHook(Hook):
    """Save the model weights after every epoch and keep the last ``K``.

    Unlike ``CheckpointHook`` the files hold only the weights (no optimizer
    state), so keeping several is cheap. Each is a checkpoint
    ``tools/test.py`` loads as usual (``state_dict`` + ``meta``); test each
    with ``--out`` and fuse them with ``tools/ensemble.py`` (epoch
    ensembling). ``index.json`` beside them lists the kept epochs, newest
    last. Files are written atomically, on the main process only.

    Args:
        keep_last (int): How many epochs to keep. Defaults to 3.
        out_dir (str, optional): Folder; defaults to
            ``{work_dir}/epoch_weights``.

    Examples:
        >>> custom_hooks = [dict(type='KeepLastEpochsHook', keep_last=3)]
    """

    priority = 'LOW'

    def __init__(self, keep_last: int = 3, out_dir: Optional[str] = None):
        if keep_last < 1:
            raise ValueError(f'KeepLastEpochsHook: keep_last={keep_last}; '
                             'expected at least 1 epoch')
        self.keep_last = keep_last
        self.out_dir = out_dir
        self.kept: List[str] = []

    def before_train(self, runner) -> None:
        """Pick the folder; on resume, go on with the epochs it lists."""
        self.out_dir = self.out_dir or osp.join(runner.work_dir,
                                                'epoch_weights')
        index = osp.join(self.out_dir, 'index.json')
        if osp.isfile(index):
            with open(index, encoding='utf-8') as f:
                names = json.load(f).get('epochs', [])
            self.kept = [
                osp.join(self.out_dir, n) for n in names
                if osp.isfile(osp.join(self.out_dir, n))
            ]

    def after_train_epoch(self, runner) -> None:
        """Save this epoch's weights; delete those older than K epochs."""
        if not is_main_process():
            return
        model = runner.model.module if is_model_wrapper(
            runner.model) else runner.model
        epoch = runner.epoch + 1
        meta = dict(epoch=epoch, iter=runner.iter, source='KeepLastEpochsHook')
        # the classes, as MMEngine's checkpoints hold them: the tools check
        # a checkpoint's classes against the data's by them
        dataset_meta = getattr(runner.train_dataloader.dataset, 'metainfo',
                               None)
        if dataset_meta is not None:
            meta['dataset_meta'] = dataset_meta
        checkpoint = dict(
            meta=meta, state_dict=weights_to_cpu(get_state_dict(model)))
        buffer = io.BytesIO()
        torch.save(checkpoint, buffer)
        path = osp.join(self.out_dir, f'epoch_{epoch}.pth')
        os.makedirs(self.out_dir, exist_ok=True)
        write_bytes_atomic(buffer.getvalue(), path)
        if path in self.kept:
            self.kept.remove(path)
        self.kept.append(path)
        while len(self.kept) > self.keep_last:
            old = self.kept.pop(0)
            if osp.exists(old):
                os.remove(old)
        dump_json_atomic(
            dict(
                keep_last=self.keep_last,
                epochs=[osp.basename(p) for p in self.kept]),
            osp.join(self.out_dir, 'index.json'),
            indent=1)
        runner.logger.info(f'KeepLastEpochsHook: saved {path}; kept '
                           f'{", ".join(osp.basename(p) for p in self.kept)}')
