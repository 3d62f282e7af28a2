"""Search and re-ranking time and memory against gallery size, and the
time-budget prediction against the measured time.

Random L2-normalized embeddings (dimension 512, seeded); for each gallery
size (1k, 10k, 100k): build time, index memory and per-query search time
of faiss exact inner product (IndexFlatIP) and IVF/PQ (nlist ~ 4 sqrt(G),
m=64, nprobe=16) with Q queries; k-reciprocal re-ranking per query at
depth 100 and 1000; then the time budget's prediction of a run (search +
QE + re-ranking at depth 100) against its measured time.

    OMP_WAIT_POLICY=PASSIVE python benchmarks/retrieval_search.py \
        --out benchmarks/results/retrieval_search.json

``--out PATH.json`` writes the three tables' rows with the command, date
and machine (``benchmarks/benchmark_record.py``), rewritten after each
gallery size; ``tools/analysis_tools/plot_benchmarks.py`` draws search time
against gallery size from it.
"""
import argparse
import time

import faiss
import torch
import torch.nn.functional as F

from landmark.retrieval.apis import (RetrievalSettings, measure_costs,
                                     retrieve)
from landmark.retrieval.postprocess import k_reciprocal_rerank
from landmark.retrieval.search import build_faiss_index, faiss_search


def _embeddings(n, dim, seed):
    gen = torch.Generator().manual_seed(seed)
    return F.normalize(torch.randn(n, dim, generator=gen), dim=-1)


def _index_mib(index) -> float:
    return faiss.serialize_index(index).nbytes / 2**20


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        '--sizes', type=int, nargs='+', default=[1000, 10000, 100000])
    parser.add_argument('--queries', type=int, nargs='+', default=[100, 1000])
    parser.add_argument('--dim', type=int, default=512)
    parser.add_argument('--rerank-queries', type=int, default=10)
    parser.add_argument(
        '--out',
        help='also write the rows with the command, date and machine to '
        'this JSON')
    args = parser.parse_args(argv)
    results = dict(dim=args.dim, search=[], rerank=[], budget=[])
    record = None
    if args.out:
        from benchmark_record import BenchmarkRecord
        record = BenchmarkRecord(args.out, 'retrieval_search')
        record.write(results)
    torch.set_num_threads(2)
    faiss.omp_set_num_threads(2)
    print('| gallery | index | build s | index MiB | queries | '
          'search ms/query | recall@10 vs exact |')
    print('|---|---|---|---|---|---|---|')
    for size in args.sizes:
        gallery = _embeddings(size, args.dim, 0)
        exact = None
        for kind in ('flat', 'ivfpq'):
            extra = dict(nlist=int(4 * size**0.5), m=64, nprobe=16) \
                if kind == 'ivfpq' else {}
            start = time.perf_counter()
            index = build_faiss_index(gallery, kind, **extra)
            build = time.perf_counter() - start
            for q in args.queries:
                queries = _embeddings(q, args.dim, 1)
                start = time.perf_counter()
                _, found = faiss_search(index, queries, 100)
                per_query = (time.perf_counter() - start) / q * 1e3
                if kind == 'flat':
                    exact = exact if exact is not None and \
                        len(exact) >= q else found
                    agree = 1.0
                else:
                    agree = sum(
                        len(set(a[:10]) & set(b[:10]))
                        for a, b in zip(found, exact[:q])) / (10 * q)
                print(f'| {size} | {kind} | {build:.2f} | '
                      f'{_index_mib(index):.1f} | {q} | {per_query:.3f} | '
                      f'{agree:.2f} |')
                results['search'].append(
                    dict(
                        gallery=size,
                        index=kind,
                        build_s=round(build, 4),
                        index_mib=round(_index_mib(index), 2),
                        queries=q,
                        search_ms_per_query=round(per_query, 4),
                        recall_at_10_vs_exact=round(agree, 3)))
        if record:
            record.write(results)
    print()
    print('| gallery | re-ranking depth | ms/query | predicted for 7000 '
          'queries |')
    print('|---|---|---|---|')
    for size in args.sizes:
        gallery = _embeddings(size, args.dim, 0)
        queries = _embeddings(args.rerank_queries, args.dim, 1)
        _, top = faiss_search(build_faiss_index(gallery), queries, 1000)
        top = torch.from_numpy(top)
        for depth in (100, 1000):
            start = time.perf_counter()
            k_reciprocal_rerank(queries, gallery, top, depth)
            per_query = (time.perf_counter() - start) / len(queries)
            print(f'| {size} | {depth} | {per_query * 1e3:.1f} | '
                  f'{per_query * 7000 / 60:.1f} min |')
            results['rerank'].append(
                dict(
                    gallery=size,
                    depth=depth,
                    queries=len(queries),
                    ms_per_query=round(per_query * 1e3, 3)))
    if record:
        record.write(results)
    print()
    print('| gallery | queries | settings | predicted s | measured s | '
          'measured / predicted |')
    print('|---|---|---|---|---|---|')
    for size in args.sizes[:2]:
        gallery = _embeddings(size, args.dim, 0)
        queries = _embeddings(1000, args.dim, 1)
        settings = RetrievalSettings(depth=100, qe=2)
        costs = measure_costs(queries, gallery, settings, depths=(100, ))
        predicted = costs.predict(settings, len(queries), size)
        result = retrieve(queries, gallery, settings)
        print(f'| {size} | {len(queries)} | {settings.describe()} | '
              f'{predicted:.1f} | {result.seconds:.1f} | '
              f'{result.seconds / predicted:.2f} |')
        results['budget'].append(
            dict(
                gallery=size,
                queries=len(queries),
                settings=settings.describe(),
                predicted_s=round(predicted, 3),
                measured_s=round(result.seconds, 3)))
    if record:
        record.write(results, finished=True)


if __name__ == '__main__':
    main()
