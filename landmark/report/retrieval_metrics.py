"""Retrieval: mAP@100 and recall@k of an ``id,images`` CSV against the
landmark ids of the queries and gallery (the project's ``map_at_k``,
``recall_at_k`` and ``average_precision_at_k``), per landmark, and each
query judged for the gallery."""
from typing import Dict, List

import numpy as np

from landmark.report.ground_truth import RetrievalSets
from landmark.report.report_data import (RIGHT, GalleryItem, RunMetrics,
                                         ScoredRun, ThumbnailSpec,
                                         left_out_predictions)
from landmark.report.thumbnails import RETRIEVAL_RESULTS
from landmark.retrieval.evaluation.metrics.retrieval_scores import (
    RECALL_KS, average_precision_at_k, map_at_k, recall_at_k)

MAP_K = 100
PER_CLASS_COLUMNS = ['queries', 'AP@100', 'recall@1']


def score_retrieval_run(ranking: Dict[str, List[str]], sets: RetrievalSets,
                        name: str, source: str) -> ScoredRun:
    """Metrics and judged queries of one retrieval CSV. Only queries with
    a known landmark that the gallery holds count (as in
    ``tools/retrieve.py``); a query id the query set lacks, or a gallery
    id the gallery lacks, is named in the problems."""
    queries = {q.image_id: q for q in sets.queries}
    gallery = {g.image_id: g for g in sets.gallery}
    counts: Dict[str, int] = {}
    for g in sets.gallery:
        counts[g.landmark_id] = counts.get(g.landmark_id, 0) + 1
    problems, unknown_queries = [], []
    rows, truth, relevant, keys = [], [], [], []
    items: Dict[str, GalleryItem] = {}
    for query_id, results in ranking.items():
        query = queries.get(query_id)
        if query is None:
            unknown_queries.append(query_id)
            continue
        unknown = [g for g in results if g not in gallery]
        if unknown:
            problems.append((query_id, f'{source}: {len(unknown)} result(s) '
                             f'not in the gallery, e.g. {unknown[0]!r}'))
        ranked = [
            gallery[g].landmark_id if g in gallery else ''
            for g in results[:MAP_K]
        ]
        num_relevant = counts.get(query.landmark_id, 0)
        if not query.landmark_id or not num_relevant:
            continue
        rows.append(ranked)
        truth.append(query.landmark_id)
        relevant.append(num_relevant)
        keys.append(query_id)
        correct = [r == query.landmark_id for r in ranked]
        ap = average_precision_at_k(correct, num_relevant, MAP_K)
        kind = RIGHT if correct[:1] == [True] else 'wrong top-1'
        shown = [g for g in results[:RETRIEVAL_RESULTS] if g in gallery]
        items[query_id] = GalleryItem(
            key=query_id,
            classes=[query.landmark_id],
            predicted=ranked[0] if ranked else 'nothing',
            kind=kind,
            error=1.0 - ap,
            caption=f'AP@100 {ap:.2f} · landmark {query.landmark_id} · '
            f'top-1 {ranked[0] if ranked else "none"}',
            spec=ThumbnailSpec(
                'retrieval', query.path, kind != RIGHT,
                dict(
                    result_paths=[gallery[g].path for g in shown],
                    correct=[
                        gallery[g].landmark_id == query.landmark_id
                        for g in shown
                    ])))
    if not items:
        raise ValueError(f'{source}: none of its {len(ranking)} rows is a '
                         'query with a landmark id the gallery holds; '
                         'expected the CSV of these queries and gallery')
    problems += left_out_predictions(source, unknown_queries, 'the queries')
    width = max(1, max(len(r) for r in rows))
    ranked = np.array([r + [''] * (width - len(r)) for r in rows])
    truth_ids, num_relevant = np.array(truth), np.array(relevant)
    summary = {'mAP@100': map_at_k(ranked, truth_ids, num_relevant, MAP_K)}
    for k, value in recall_at_k(ranked, truth_ids, num_relevant,
                                RECALL_KS).items():
        summary[f'recall@{k}'] = value
    summary['queries'] = float(len(items))
    per_class = {}
    for landmark in sorted(set(truth)):
        mine = [i for i, t in enumerate(truth) if t == landmark]
        per_class[landmark] = {
            'queries':
            len(mine),
            'AP@100':
            map_at_k(ranked[mine], truth_ids[mine], num_relevant[mine], MAP_K),
            'recall@1':
            recall_at_k(ranked[mine], truth_ids[mine], num_relevant[mine],
                        (1, ))[1]
        }
    return ScoredRun(
        RunMetrics(name, source, summary, per_class, PER_CLASS_COLUMNS), items,
        problems)
