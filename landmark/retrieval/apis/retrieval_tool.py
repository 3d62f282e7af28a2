"""What ``tools/retrieve.py`` does: read the images, embed the gallery once
(cached, resumable) and the queries, choose the post-processing by the
time budget, search, write the CSV and pictures, score when ids are
known."""
import os
import os.path as osp
import sys
import time
from typing import List, Tuple

import numpy as np
import torch
from mmengine.config import Config

from landmark.core.data_problems import ProblemLog
from landmark.core.model_config import model_config_as_runner_builds
from landmark.core.output_paths import nested_file_in_folder
from landmark.core.submission import write_csv_rows
from landmark.retrieval.apis.image_embedding import (cache_key,
                                                     embed_image_files,
                                                     embedding_pipeline_of,
                                                     load_embedding_model)
from landmark.retrieval.apis.retrieval_run import (RetrievalResult,
                                                   RetrievalSettings, retrieve)
from landmark.retrieval.apis.time_budget import (choose_settings,
                                                 measure_costs, parse_duration)
from landmark.retrieval.datasets import (LandmarkImage, check_query_ids,
                                         check_two_photos_per_id,
                                         describe_landmark_ids,
                                         folders_without_photos_lines,
                                         read_landmark_images,
                                         split_query_gallery)
from landmark.retrieval.evaluation import (global_average_precision, map_at_k,
                                           read_retrieval_csv, recall_at_k,
                                           write_recognition_csv,
                                           write_retrieval_csv)
from landmark.retrieval.postprocess import recognition_rows, vote_landmarks
from landmark.retrieval.visualization import draw_query_results


def _read_sets(args,
               problems) -> Tuple[List[LandmarkImage], List[LandmarkImage]]:
    """The queries and the gallery, their ids and photos per id printed;
    a labelled query set whose ids cannot all be found is refused."""

    def read(source, labels_optional=True):
        items = read_landmark_images(
            source,
            problems=problems,
            label_depth=args.label_depth,
            image_ids=args.image_ids,
            labels_optional=labels_optional)
        for line in folders_without_photos_lines(source):
            print(line, file=sys.stderr)
        return items

    if args.data:
        items = read(args.data, labels_optional=False)
        print(f'{args.data}: {describe_landmark_ids(items)}')
        check_two_photos_per_id(items, args.data)
        query_idx, gallery_idx = split_query_gallery(items,
                                                     args.queries_per_landmark,
                                                     args.seed)
        return [items[i] for i in query_idx], [items[i] for i in gallery_idx]
    if not (args.gallery and args.queries):
        raise ValueError('give --data (split into queries and gallery) or '
                         'both --gallery and --queries')
    queries, gallery = read(args.queries), read(args.gallery)
    print(f'queries {args.queries}: {describe_landmark_ids(queries)}')
    print(f'gallery {args.gallery}: {describe_landmark_ids(gallery)}')
    check_query_ids(queries, gallery, args.queries)
    return queries, gallery


def _without_spaced_ids(gallery: List[LandmarkImage],
                        problems: ProblemLog) -> List[LandmarkImage]:
    """``gallery`` less the photos whose id (file name) holds whitespace,
    each named in ``problems``: the ``images`` cell of the id,images CSV
    separates the ids by spaces, so such an id would read as several."""
    kept = []
    for item in gallery:
        if any(c.isspace() for c in item.image_id):
            problems.add(
                'bad_image_id', item.path,
                f'its id {item.image_id!r} holds whitespace, which '
                'separates the gallery ids of the id,images CSV (--out); '
                'expected a file name without spaces')
        else:
            kept.append(item)
    return kept


def _embed(model, items, args, pipeline, view_weights, name, problems,
           model_key=''):
    # the cache holds the embedding of these weights (random ones: of their
    # seed), model (normalization included, ``model_key``) and pipeline
    # (sizes): a change of any one embeds again
    weights = (args.checkpoint, osp.getmtime(args.checkpoint)
               ) if args.checkpoint else ('random', args.seed)
    key = cache_key(
        osp.abspath(args.config), *weights, repr(pipeline), model_key,
        args.flip, tuple(view_weights))
    cache_dir = osp.join(args.work_dir, 'embeddings', f'{name}-{key}')
    start = time.monotonic()
    emb, ok = embed_image_files(
        model, [it.path for it in items],
        pipeline,
        args.batch_size,
        args.flip,
        view_weights,
        cache_dir if name == 'gallery' else None,
        problems=problems,
        desc=f'embedding {name}')
    print(f'{name}: {int(ok.sum())} of {len(items)} images embedded in '
          f'{time.monotonic() - start:.1f} s')
    return torch.from_numpy(emb[ok]), [it for it, o in zip(items, ok) if o]


def run_retrieve(args) -> int:
    """Run the tool; returns its exit code (1 when images were skipped)."""
    cfg = Config.fromfile(args.config)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    view_weights = cfg.get('retrieval', {}).get('view_weights', (2.0, 1.0))
    pipeline = embedding_pipeline_of(cfg)
    problems = ProblemLog()
    queries, gallery = _read_sets(args, problems)
    if args.out:
        gallery = _without_spaced_ids(gallery, problems)
    if not args.checkpoint:
        print(f'no --checkpoint: the embedding has random weights (seed '
              f'{args.seed}; an untrained baseline, not a trained model)')
        # the same random network at each run: its cached gallery
        # embedding (keyed by the seed) belongs to the queries' network
        torch.manual_seed(args.seed)
    model = load_embedding_model(cfg, args.checkpoint)
    model_cfg = model_config_as_runner_builds(cfg)
    model_key = repr((model_cfg.get('image_encoder'),
                      model_cfg.get('data_preprocessor')))
    q_emb, queries = _embed(model, queries, args, pipeline, view_weights,
                            'queries', problems, model_key)
    g_emb, gallery = _embed(model, gallery, args, pipeline, view_weights,
                            'gallery', problems, model_key)
    if problems.problems:
        # every skipped photo named: the answers lack each of them
        print(problems.summary(max_listed=None), file=sys.stderr)
    sets = (('query', queries, args.queries or args.data),
            ('gallery', gallery, args.gallery or args.data))
    for name, embedded, source in sets:
        if not embedded:
            raise ValueError(f'{source}: no {name} photo could be embedded '
                             f'(the skipped ones are listed above); expected '
                             f'at least one readable {name} photo')
    base = RetrievalSettings(
        depth=args.rerank_depth,
        qe=args.qe,
        dba=args.dba,
        search=dict(type=args.search))
    deadline = None
    if args.time_budget:
        budget = parse_duration(args.time_budget)
        costs = measure_costs(
            q_emb, g_emb, base, sample_size=args.budget_sample)
        settings, predicted, fits = choose_settings(costs, budget, len(q_emb),
                                                    len(g_emb), base)
        if fits:
            print(f'time budget {budget:.0f} s: predicted {predicted:.1f} s '
                  f'for {len(q_emb)} queries with {settings.describe()}')
        else:
            print(
                f'time budget {budget:.0f} s: even plain search is '
                f'predicted to take {predicted:.1f} s (over the budget); '
                'running plain search',
                file=sys.stderr)
        deadline = time.monotonic() + budget - costs.index - \
            len(q_emb) * costs.search
    else:
        settings = base
        print(f'retrieving {len(q_emb)} queries with '
              f'{settings.describe()}')
    result = retrieve(q_emb, g_emb, settings, k=args.top_k, deadline=deadline)
    note = ''
    if settings.depth and result.num_reranked < len(q_emb):
        note = (f'; re-ranked {result.num_reranked} of {len(q_emb)} queries '
                'before the deadline, the rest keep the search order')
    print(f'retrieval took {result.seconds:.1f} s{note}')
    if args.time_budget and result.seconds > budget:
        print(
            f'warning: {result.seconds:.1f} s is over the budget of '
            f'{budget:.0f} s',
            file=sys.stderr)
    _report(args, queries, gallery, result)
    return 1 if problems.num_skipped else 0


def score_result(queries: List[LandmarkImage],
                 gallery: List[LandmarkImage],
                 result: RetrievalResult,
                 vote_k: int = 5) -> dict:
    """The scores of a retrieval result over the queries whose landmark id
    is known: ``mAP@100``, ``recall@1/5/10`` and the ``GAP`` of recognition
    by the top ``vote_k`` results' votes (queries of unknown id are left
    out, not counted as "no landmark"); ``{}`` when no id is known.

    Also ``ranked`` (the results' landmark ids), ``predicted`` and
    ``confidences`` (the votes of every query), for the writers.
    """
    gallery_ids = np.array([g.landmark_id for g in gallery] + [''])
    ranked = gallery_ids[result.indices]  # -1 (no result) -> ''
    predicted, confidences = vote_landmarks(ranked, result.scores, vote_k)
    scores = dict(ranked=ranked, predicted=predicted, confidences=confidences)
    query_ids = np.array([q.landmark_id for q in queries])
    known = query_ids != ''
    if not known.any():
        return scores
    counts = {i: int((gallery_ids == i).sum()) for i in set(query_ids)}
    num_relevant = np.array([counts[i] for i in query_ids[known]])
    scores['mAP@100'] = map_at_k(ranked[known], query_ids[known], num_relevant,
                                 100)
    for k, value in recall_at_k(ranked[known], query_ids[known],
                                num_relevant).items():
        scores[f'recall@{k}'] = value
    scores['GAP'] = global_average_precision(
        np.array(predicted)[known],
        confidences[known],
        query_ids[known],
        no_landmark='')
    return scores


def _report(args, queries, gallery, result) -> None:
    if args.out:
        rows = [(q.image_id, [gallery[i].image_id for i in row if i >= 0])
                for q, row in zip(queries, result.indices)]
        write_retrieval_csv(args.out, rows)
        # read back as a checker would: a row per query, known gallery
        # ids, none twice, at most --top-k
        read_retrieval_csv(args.out, [q.image_id for q in queries],
                           [g.image_id for g in gallery], args.top_k)
        print(f'wrote {args.out} ({len(rows)} queries)')
    if args.out_scores:
        write_csv_rows(args.out_scores, ('id', 'images', 'scores'), [
            (q.image_id, ' '.join(gallery[i].image_id for i in row if i >= 0),
             ' '.join(f'{v:.6f}' for v, i in zip(values, row) if i >= 0))
            for q, row, values in zip(queries, result.indices, result.scores)
        ])
        print(f'wrote {args.out_scores} (similarity of each result)')
    scores = score_result(queries, gallery, result, args.vote_k)
    if args.recognition_out:
        write_recognition_csv(
            args.recognition_out,
            recognition_rows([q.image_id for q in queries],
                             scores['predicted'], scores['confidences']))
        print(f'wrote {args.recognition_out} ({len(queries)} queries)')
    if 'mAP@100' in scores:
        print(f"mAP@100 {scores['mAP@100']:.4f}  " +
              '  '.join(f'recall@{k} {scores[f"recall@{k}"]:.4f}'
                        for k in (1, 5, 10)))
        print(f"GAP {scores['GAP']:.4f} (recognition by the top "
              f"{args.vote_k} results' votes)")
    ranked = scores['ranked']
    if args.show_dir:
        for q, row, labels in list(zip(queries, result.indices,
                                       ranked))[:args.num_show]:
            top = [i for i in row[:args.show_top] if i >= 0]
            correct = ([lab == q.landmark_id
                        for lab in labels] if q.landmark_id else None)
            # an image id from the CSV (a/b kept, ../x not) stays inside
            out_file = nested_file_in_folder(args.show_dir,
                                             f'{q.image_id}.jpg')
            os.makedirs(osp.dirname(out_file), exist_ok=True)
            draw_query_results(q.path, [gallery[i].path for i in top], correct,
                               out_file)
        print(f'drew {min(args.num_show, len(queries))} queries in '
              f'{args.show_dir}')
