"""Build a flip-TTA data pipeline from a config's own test pipeline."""
import copy
from typing import List, Sequence

FLIP_META_KEYS = ('flip', 'flip_direction')


def flip_tta_pipeline(test_pipeline: Sequence[dict]) -> List[dict]:
    """The flip-TTA twin of a test pipeline: same loading and resizing, then
    the original and the horizontally flipped view.

    Everything before ``PackDetInputs`` is kept as it is (so a tiny config
    that shrinks photos to 320 px is tested by TTA at 320 px too); then a
    ``TestTimeAug`` makes two views, the original first (flip prob 0) and
    the flip second, and packs each with ``flip`` / ``flip_direction`` in
    its meta keys so :class:`FusionTTAModel` can un-flip the boxes.

    Args:
        test_pipeline (Sequence[dict]): Transforms ending with
            ``PackDetInputs``.

    Returns:
        list[dict]: The TTA pipeline.

    Examples:
        >>> tta_pipeline = flip_tta_pipeline(cfg.test_dataloader.dataset
        ...                                  .pipeline)
    """
    pipeline = [copy.deepcopy(dict(t)) for t in test_pipeline]
    packs = [
        i for i, t in enumerate(pipeline)
        if str(t.get('type', '')).split('.')[-1] == 'PackDetInputs'
    ]
    if not packs:
        raise ValueError('flip_tta_pipeline: expected a test pipeline ending '
                         'with PackDetInputs, got types '
                         f'{[t.get("type") for t in pipeline]}')
    pack = pipeline[packs[-1]]
    meta_keys = pack.get('meta_keys')
    if meta_keys is not None:
        pack['meta_keys'] = tuple(meta_keys) + tuple(
            k for k in FLIP_META_KEYS if k not in meta_keys)
    return pipeline[:packs[-1]] + [
        dict(
            type='TestTimeAug',
            transforms=[[
                dict(type='RandomFlip', prob=0.),
                dict(type='RandomFlip', prob=1., direction='horizontal'),
            ], [pack]])
    ] + pipeline[packs[-1] + 1:]
