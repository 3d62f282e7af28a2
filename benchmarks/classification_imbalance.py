"""The README's classification table: imbalance techniques side by side.

Trains every method of ``METHODS`` on each data set with the same seed and
settings, then evaluates on the validation split (20 % of each class,
seeded, never cut):

* ``trash``: the 6 trash folders as they are (137 to 594 images a class);
* ``trash-lt10``: the training split cut to an exponential long tail with
  imbalance ratio 10 (``ClassFolderDataset(long_tail_ratio=10)``, seed 0):
  cardboard 75, glass 299, metal 119, paper 475, plastic 189, trash 47
  images (of 322, 401, 328, 475, 386, 110 in the split).

The settings are the CPU variant
``configs/classification/ce/ce_resnet18_1xb32-64px-10e_trash.py``
(ResNet-18 from scratch, 64 px, 10 epochs, DRW from epoch 8) applied to
each method's config. For every run it also reports flip TTA (weights 2:1),
the epoch ensemble of the last 3 epochs (probabilities averaged) and, from
the saved scores, rank decoding with the validation set's true class
shares (greedy and Hungarian) against argmax.

Each run is a subprocess (a fresh MMEngine state); results go to
``{out_dir}/results.json`` and a Markdown table to stdout; ``--out
PATH.json`` also writes them with the command, date and machine
(``benchmarks/benchmark_record.py``), rewritten after every run, which
``tools/analysis_tools/plot_benchmarks.py`` draws.

Example (about 35 min on 2 busy CPU cores)::

    nohup python benchmarks/classification_imbalance.py \
        --out-dir work_dirs/cls_benchmark > work_dirs/cls_benchmark.log &
    python benchmarks/classification_imbalance.py --datasets trash-lt10 \
        --out benchmarks/results/classification_imbalance.json
"""
import argparse
import json
import os
import os.path as osp
import subprocess
import sys

import numpy as np

CONFIGS = 'configs/classification'
CPU_VARIANT = f'{CONFIGS}/ce/ce_resnet18_1xb32-64px-10e_trash.py'
METHODS = {
    'CE':
    f'{CONFIGS}/ce/ce_resnet18_1xb32-30e_trash.py',
    'CE + balanced weights':
    f'{CONFIGS}/ce/ce-balanced-weight_resnet18_1xb32-30e_trash.py',
    'LDAM-DRW':
    f'{CONFIGS}/ldam/ldam-drw_resnet18_1xb32-30e_trash.py',
    'LDAM-DRW + RSG':
    f'{CONFIGS}/rsg/ldam-drw-rsg_resnet18_1xb32-30e_trash.py',
    'CE + balanced sampler':
    f'{CONFIGS}/ce/ce-balanced-sampler_resnet18_1xb32-30e_trash.py',
    'CE + CutMix from epoch 0':
    f'{CONFIGS}/ce/ce_resnet18_1xb32-cutmix-late-30e_trash.py',
    'CE + CutMix from epoch 5':
    f'{CONFIGS}/ce/ce_resnet18_1xb32-cutmix-late-30e_trash.py',
}
DATASETS = {'trash': None, 'trash-lt10': 10}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--out-dir', default='work_dirs/cls_benchmark')
    parser.add_argument('--data-root', default='../shared/datasets/trash')
    parser.add_argument('--epochs', type=int, default=10)
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--methods', nargs='+', default=list(METHODS))
    parser.add_argument('--datasets', nargs='+', default=list(DATASETS))
    parser.add_argument(
        '--out',
        help='also write the results with the command, date and machine '
        'to this JSON (rewritten after every run)')
    parser.add_argument(
        '--run-one',
        nargs=2,
        metavar=('METHOD', 'DATA'),
        help=argparse.SUPPRESS)
    return parser.parse_args()


def benchmark_config(method: str, data: str, args):
    """The method's config with the CPU variant's settings."""
    from mmengine.config import Config
    cfg = Config.fromfile(METHODS[method])
    cpu = Config.fromfile(CPU_VARIANT)
    cfg.model.backbone.init_cfg = None
    cfg.train_cfg.max_epochs = args.epochs
    cfg.param_scheduler = cpu.param_scheduler
    cfg.param_scheduler[-1].end = args.epochs
    cfg.model_budget = cpu.model_budget
    train = cfg.train_dataloader.dataset
    inner = train.dataset if train.type == 'ClassBalancedDataset' else train
    inner.pipeline = cpu.train_dataloader.dataset.pipeline
    inner.data_root = args.data_root
    inner.long_tail_ratio = DATASETS[data]
    for loader in (cfg.val_dataloader, cfg.test_dataloader):
        loader.dataset.pipeline = cpu.val_dataloader.dataset.pipeline
        loader.dataset.data_root = args.data_root
    # the configs leave the TTA pipeline and the image size to the tools
    # (runner_setup.apply_tta, apply_image_size): do what they do
    from landmark.classification.apis.runner_setup import flip_tta_pipeline
    from landmark.classification.datasets.transforms.image_size import \
        apply_image_size
    cfg.tta_pipeline = cpu.get('tta_pipeline') or flip_tta_pipeline(
        cfg.test_dataloader.dataset.pipeline)
    cfg.image_size = cpu.image_size
    apply_image_size(cfg)
    for hook in cfg.custom_hooks:
        if hook.type == 'DeferredReweightingHook':
            hook.start_epoch = int(0.8 * args.epochs)  # 160 of 200
        if hook.type == 'BatchAugmentsFromEpochHook':
            hook.start_epoch = 0 if 'epoch 0' in method else args.epochs // 2
    cfg.custom_hooks.append(dict(type='KeepLastEpochsHook', keep_last=3))
    cfg.default_hooks.checkpoint = dict(
        type='CheckpointHook', interval=-1, save_last=True)
    cfg.default_hooks.logger.interval = 50
    cfg.train_dataloader.num_workers = 1
    cfg.val_dataloader.num_workers = 1
    cfg.test_dataloader = cfg.val_dataloader
    cfg.randomness = dict(seed=args.seed)
    cfg.work_dir = osp.join(args.out_dir, data, method.replace(' ', '_'))
    return cfg


def _val_scores(runner, weights_file=None):
    """(scores (N, C), labels (N,)) of the validation set."""
    import torch
    from mmengine.runner import load_checkpoint
    model = runner.model
    if weights_file:
        load_checkpoint(
            model, weights_file, map_location='cpu', logger='silent')
    model.eval()
    scores, labels = [], []
    with torch.no_grad():
        for batch in runner.test_dataloader:
            for sample in model.test_step(batch):
                scores.append(sample.pred_score.numpy())
                labels.append(int(sample.gt_label))
    return np.stack(scores), np.array(labels)


def _tta_scores(cfg, checkpoint):
    import torch
    from mmengine.runner import Runner
    tta = cfg.copy()
    tta.model = dict(**cfg.tta_model, module=cfg.model)
    tta.test_dataloader.dataset.pipeline = cfg.tta_pipeline
    tta.load_from = checkpoint
    tta.work_dir = osp.join(cfg.work_dir, 'tta')
    tta.custom_hooks = []
    runner = Runner.from_cfg(tta)
    runner.load_or_resume()
    runner.model.eval()
    scores = []
    with torch.no_grad():
        for batch in runner.test_dataloader:
            scores += [
                s.pred_score.numpy() for s in runner.model.test_step(batch)
            ]
    return np.stack(scores)


def scores_report(scores, labels, names) -> dict:
    from landmark.classification.evaluation import compare_decoders
    return compare_decoders(
        scores, labels, names, decoders=('argmax', 'greedy', 'hungarian'))


def run_one(method: str, data: str, args) -> dict:
    from mmengine.runner import Runner

    import landmark.classification  # noqa: F401
    from landmark.classification.apis import check_model_budget
    cfg = benchmark_config(method, data, args)
    runner = Runner.from_cfg(cfg)
    check_model_budget(runner.model, cfg.model_budget)
    runner.train()
    names = runner.test_dataloader.dataset.metainfo['classes']
    counts = runner.train_dataloader.dataset
    while hasattr(counts, 'dataset'):
        counts = counts.dataset
    scores, labels = _val_scores(runner)
    result = dict(
        method=method,
        data=data,
        train_counts=counts.class_counts(),
        plain=scores_report(scores, labels, names))
    kept = osp.join(cfg.work_dir, 'epoch_weights')
    with open(osp.join(kept, 'index.json')) as f:
        epochs = json.load(f)['epochs']
    ensemble = np.mean(
        [_val_scores(runner, osp.join(kept, e))[0] for e in epochs], axis=0)
    result['epoch_ensemble'] = scores_report(ensemble, labels, names)
    last = osp.join(cfg.work_dir, f'epoch_{args.epochs}.pth')
    result['flip_tta'] = scores_report(_tta_scores(cfg, last), labels, names)
    np.savez(
        osp.join(cfg.work_dir, 'val_scores.npz'), scores=scores, labels=labels)
    return result


def markdown_table(results) -> str:
    lines = [
        '| data | method | accuracy | macro-F1 | flip TTA acc / F1 | '
        'last-3 epochs acc / F1 | rank decoding (Hungarian) acc / F1 |',
        '|---|---|---|---|---|---|---|'
    ]
    for r in results:
        p, t, e = r['plain']['argmax'], r['flip_tta']['argmax'], \
            r['epoch_ensemble']['argmax']
        h = r['plain']['hungarian']
        lines.append(f"| {r['data']} | {r['method']} | {p['accuracy']:.1f} | "
                     f"{p['macro_f1']:.1f} | {t['accuracy']:.1f} / "
                     f"{t['macro_f1']:.1f} | {e['accuracy']:.1f} / "
                     f"{e['macro_f1']:.1f} | {h['accuracy']:.1f} / "
                     f"{h['macro_f1']:.1f} |")
    return '\n'.join(lines)


def main():
    args = parse_args()
    if args.run_one:
        result = run_one(*args.run_one, args)
        print('RESULT ' + json.dumps(result))
        return
    os.makedirs(args.out_dir, exist_ok=True)
    results_file = osp.join(args.out_dir, 'results.json')
    results, failed = [], []
    record = None
    if args.out:
        from benchmark_record import BenchmarkRecord
        record = BenchmarkRecord(args.out, 'classification_imbalance')
        record.write(results)
    for data in args.datasets:
        for method in args.methods:
            if 'CutMix' in method and data != 'trash':
                continue
            cmd = [
                sys.executable, __file__, '--run-one', method, data,
                '--out-dir', args.out_dir, '--data-root', args.data_root,
                '--epochs',
                str(args.epochs), '--seed',
                str(args.seed)
            ]
            out = subprocess.run(cmd, capture_output=True, text=True)
            lines = [
                ln for ln in out.stdout.splitlines()
                if ln.startswith('RESULT ')
            ]
            if out.returncode or not lines:
                print(
                    f'{data} / {method} failed:\n{out.stderr[-3000:]}',
                    flush=True)
                failed.append(f'{data} / {method}')
                continue
            results.append(json.loads(lines[-1][len('RESULT '):]))
            with open(results_file, 'w') as f:
                json.dump(results, f, indent=1)
            if record:
                record.write(results)
            print(markdown_table(results[-1:]).splitlines()[-1], flush=True)
    if record:
        record.write(results, finished=True)
    print(markdown_table(results))
    if failed:
        print(f"{len(failed)} run(s) failed: {', '.join(failed)}")
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
