"""What to do with images that hold more than one box, for tasks that
assume one object per scene."""
from typing import Dict, List, Optional, Tuple

SINGLE_OBJECT_POLICIES = ('largest', 'skip', 'error')


def _area(instance: dict) -> float:
    x1, y1, x2, y2 = instance['bbox']
    return max(0., x2 - x1) * max(0., y2 - y1)


def apply_single_object_policy(
        data_list: List[dict],
        policy: Optional[str]) -> Tuple[List[dict], Dict[str, int]]:
    """Make every image hold at most one (non-ignored) box.

    Args:
        data_list (list[dict]): MMDetection data infos, each with
            ``instances`` (``bbox`` in xyxy, ``ignore_flag``).
        policy (str | None): ``'largest'`` keeps the largest box of a
            multi-box image, ``'skip'`` drops the image, ``'error'`` raises
            naming the image. ``None`` changes nothing.

    Returns:
        tuple[list[dict], dict]: The new list and a report with the number
        of ``images`` seen, ``multi_object_images``, ``images_skipped`` and
        ``boxes_dropped``.

    Raises:
        ValueError: ``policy='error'`` and an image holds 2+ boxes, or an
            unknown policy.
    """
    if policy not in SINGLE_OBJECT_POLICIES + (None, ):
        raise ValueError(f'single_object_policy must be one of '
                         f'{SINGLE_OBJECT_POLICIES} or None, got {policy!r}')
    report = dict(
        images=len(data_list),
        multi_object_images=0,
        images_skipped=0,
        boxes_dropped=0)
    if policy is None:
        return data_list, report
    kept = []
    for info in data_list:
        boxes = [i for i in info.get('instances', []) if not i['ignore_flag']]
        if len(boxes) < 2:
            kept.append(info)
            continue
        report['multi_object_images'] += 1
        if policy == 'error':
            raise ValueError(
                f'{info.get("img_path")} holds {len(boxes)} boxes but the '
                "data set is single-object (single_object_policy='error'); "
                "use 'largest' to keep the largest box or 'skip' to drop "
                'such images')
        if policy == 'skip':
            report['images_skipped'] += 1
            report['boxes_dropped'] += len(boxes)
            continue
        largest = max(boxes, key=_area)
        report['boxes_dropped'] += len(info['instances']) - 1
        kept.append(dict(info, instances=[largest]))
    return kept, report


def format_policy_report(policy: str, report: Dict[str, int]) -> str:
    """One log line saying how many images each rule touched."""
    line = (f"single_object_policy='{policy}': "
            f"{report['multi_object_images']} of {report['images']} images "
            'held 2+ boxes')
    if policy == 'largest':
        line += (f"; kept the largest box of each, dropped "
                 f"{report['boxes_dropped']} boxes")
    elif policy == 'skip':
        line += f"; skipped {report['images_skipped']} images"
    return line
