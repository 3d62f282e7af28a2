"""What streaming costs ``tools/infer.py``: the partial file written photo
by photo and read back for the outputs, against writing the CSV and JSON
from the records kept in memory (the behaviour before streaming).

Synthetic records (no model): ``--photos`` photos of ``--boxes`` boxes
each, seeded, float32 as the detector gives them. Both ways run in one
process, one after the other, ``--repeats`` times; the best time of each
is printed, per photo and in total, with their ratio. Compare the per-photo
cost with a forward pass (``infer.py`` prints its photos/s).

Example::

    python benchmarks/infer_streaming.py --photos 1000 --boxes 100
"""
import argparse
import os.path as osp
import tempfile
import time

import numpy as np

from landmark.detection.apis import (PredictionJournal, dump_predictions_json,
                                     journal_path)
from landmark.detection.evaluation.writers import (SubmissionFormat,
                                                   write_submission_csv)

CLASSES = ('tower', 'dome', 'arch', 'pyramid', 'bridge')


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--photos', type=int, default=1000)
    parser.add_argument('--boxes', type=int, default=100)
    parser.add_argument('--repeats', type=int, default=3)
    return parser.parse_args()


def make_records(num_photos: int, num_boxes: int) -> list:
    rng = np.random.default_rng(0)
    records = []
    for i in range(num_photos):
        xy = rng.uniform(0, 3000, (num_boxes, 2))
        wh = rng.uniform(10, 1000, (num_boxes, 2))
        records.append(
            dict(
                img_id=i,
                img_path=f'photos/photo_{i:05d}.jpg',
                ori_shape=(3000, 4000),
                pred_instances=dict(
                    bboxes=np.hstack([xy, xy + wh]).astype(np.float32),
                    scores=rng.uniform(0, 1, num_boxes).astype(np.float32),
                    labels=rng.integers(0, len(CLASSES), num_boxes))))
    return records


def write_outputs(records: list, out_dir: str) -> None:
    write_submission_csv(records, osp.join(out_dir, 'predictions.csv'),
                         SubmissionFormat(), CLASSES)
    dump_predictions_json(records, osp.join(out_dir, 'predictions.json'),
                          CLASSES)


def in_memory(records: list, out_dir: str) -> None:
    kept = []
    for record in records:
        kept.append(record)
    write_outputs(kept, out_dir)


def streamed(records: list, out_dir: str) -> None:
    paths = [r['img_path'] for r in records]
    journal = PredictionJournal(journal_path(out_dir), dict(run='benchmark'))
    journal.start(resume=False, image_paths=paths)
    for record in records:
        journal.append(record)
    write_outputs(journal.records(), out_dir)
    journal.remove()


def best_seconds(run, records: list, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as out_dir:
            start = time.perf_counter()
            run(records, out_dir)
            times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    args = parse_args()
    records = make_records(args.photos, args.boxes)
    memory = best_seconds(in_memory, records, args.repeats)
    stream = best_seconds(streamed, records, args.repeats)
    print(f'{args.photos} photos x {args.boxes} boxes, best of '
          f'{args.repeats}:')
    print(f'  in memory, CSV + JSON at the end: {memory:.2f} s '
          f'({memory / args.photos * 1e3:.2f} ms a photo)')
    print(f'  streamed to the partial file, read back, CSV + JSON: '
          f'{stream:.2f} s ({stream / args.photos * 1e3:.2f} ms a photo)')
    print(f'  streamed / in memory: {stream / memory:.2f}x; the extra '
          f'{(stream - memory) / args.photos * 1e3:.2f} ms a photo')


if __name__ == '__main__':
    main()
