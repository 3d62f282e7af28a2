"""mAP@100, recall@1 and GAP of a retrieval model on labelled queries and
gallery: plain vs flip TTA vs + QE/DBA vs + k-reciprocal re-ranking, the
time of each, in one run (the embeddings are computed once per view
setting and shared by the rows that use them).

    python benchmarks/retrieval_synthetic.py CONFIG CHECKPOINT \\
        --queries data/retrieval_synthetic/val.csv \\
        --gallery data/retrieval_synthetic/train.csv \
        --out benchmarks/results/retrieval_synthetic_arcface.json

``--out PATH.json`` writes the rows with the command, date and machine
(``benchmarks/benchmark_record.py``); ``tools/analysis_tools/
plot_benchmarks.py`` draws mAP@100 per post-process from one or more such
files (one per model).
"""
import argparse
import time

import torch
from mmengine.config import Config

import landmark.retrieval  # noqa: F401  (registers the modules)
from landmark.retrieval.apis import (RetrievalSettings, embed_image_files,
                                     embedding_pipeline_of,
                                     load_embedding_model, retrieve)
from landmark.retrieval.apis.retrieval_tool import score_result
from landmark.retrieval.datasets import read_landmark_images


def _embed(model, items, cfg, flip):
    retrieval_cfg = cfg.get('retrieval', {})
    start = time.perf_counter()
    emb, ok = embed_image_files(
        model, [it.path for it in items],
        embedding_pipeline_of(cfg),
        flip=flip,
        view_weights=retrieval_cfg.get('view_weights', (2.0, 1.0)),
        desc='embedding')
    seconds = time.perf_counter() - start
    return torch.from_numpy(emb[ok]), [it for it, o in zip(items, ok)
                                       if o], seconds


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('config')
    parser.add_argument('checkpoint')
    parser.add_argument('--queries', required=True, help='CSV or folder')
    parser.add_argument('--gallery', required=True, help='CSV or folder')
    parser.add_argument('--qe', type=int, default=2)
    parser.add_argument('--dba', type=int, default=2)
    parser.add_argument('--rerank-depth', type=int, default=100)
    parser.add_argument('--vote-k', type=int, default=5)
    parser.add_argument(
        '--out',
        help='also write the rows with the command, date and machine to '
        'this JSON')
    args = parser.parse_args(argv)
    record = None
    if args.out:
        from benchmark_record import BenchmarkRecord
        record = BenchmarkRecord(args.out, 'retrieval_synthetic')
    torch.set_num_threads(2)
    cfg = Config.fromfile(args.config)
    model = load_embedding_model(cfg, args.checkpoint)
    queries = read_landmark_images(args.queries)
    gallery = read_landmark_images(args.gallery)
    rows = [
        ('plain', False, RetrievalSettings()),
        ('flip TTA', True, RetrievalSettings()),
        (f'flip + QE {args.qe} + DBA {args.dba}', True,
         RetrievalSettings(qe=args.qe, dba=args.dba)),
        (f'flip + QE + DBA + re-ranking depth {args.rerank_depth}', True,
         RetrievalSettings(qe=args.qe, dba=args.dba, depth=args.rerank_depth)),
    ]
    embedded = {}
    results = dict(
        config=args.config,
        checkpoint=args.checkpoint,
        queries=len(queries),
        gallery=len(gallery),
        rows=[])
    print(f'{len(queries)} queries, {len(gallery)} gallery images')
    print('| setting | mAP@100 | recall@1 | GAP | embedding s | '
          'retrieval s |')
    print('|---|---|---|---|---|---|')
    for name, flip, settings in rows:
        if flip not in embedded:
            q_emb, q_items, q_s = _embed(model, queries, cfg, flip)
            g_emb, g_items, g_s = _embed(model, gallery, cfg, flip)
            embedded[flip] = (q_emb, q_items, g_emb, g_items, q_s + g_s)
        q_emb, q_items, g_emb, g_items, embed_s = embedded[flip]
        result = retrieve(q_emb, g_emb, settings, k=100)
        scores = score_result(q_items, g_items, result, args.vote_k)
        print(f"| {name} | {scores['mAP@100']:.3f} | "
              f"{scores['recall@1']:.3f} | {scores['GAP']:.3f} | "
              f'{embed_s:.1f} | {result.seconds:.3f} |')
        results['rows'].append(
            dict(
                setting=name,
                mAP_at_100=round(float(scores['mAP@100']), 4),
                recall_at_1=round(float(scores['recall@1']), 4),
                GAP=round(float(scores['GAP']), 4),
                embedding_s=round(embed_s, 2),
                retrieval_s=round(result.seconds, 4)))
    if record:
        record.write(results, finished=True)


if __name__ == '__main__':
    main()
