"""What a submission CSV looks like: its columns, box format and labels.

One :class:`SubmissionFormat` describes a file both for writing it
(:func:`~landmark.detection.evaluation.writers.write_submission_csv`, the
``SubmissionCSVWriter`` metric, ``tools/infer.py``) and for checking it
(``tools/check_submission.py``), so the two can never disagree.
"""
import argparse
import os.path as osp
from dataclasses import asdict, dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

from landmark.detection.evaluation.writers.box_formats import BOX_FORMATS

LABEL_KINDS = ('name', 'id')
IMAGE_ID_SOURCES = ('stem', 'file_name', 'img_id')
NO_PREDICTION_POLICIES = ('blank', 'default', 'skip')


@dataclass
class SubmissionFormat:
    """Options of a submission CSV.

    The file has one column per *field*: ``image_id``, ``label``, ``score``
    and the four box fields of ``box_format`` (``x1 y1 x2 y2``,
    ``x y w h`` or ``cx cy w h``).

    Args:
        box_format (str): ``'xyxy'``, ``'xywh'`` or ``'cxcywh'``.
            Defaults to ``'xyxy'``.
        normalized (bool): Box values divided by the image width / height
            (0-1) instead of pixels. Defaults to False.
        label_as (str): Write the class ``'name'`` or its ``'id'``.
            Defaults to ``'name'``.
        label_id_offset (int): Added to the model's 0-based label to get the
            written id (1 for COCO category ids). Defaults to 0.
        with_score (bool): Write a score column. Defaults to True.
        fields (Sequence[str], optional): The fields in column order;
            defaults to image id, label, score (if ``with_score``), box.
        column_names (dict, optional): Header to write for a field, e.g.
            ``dict(image_id='ImageID', label='LandmarkName')``; a field not
            named keeps its own name.
        image_id_from (str): The image id written: the file name without
            extension (``'stem'``), the file name (``'file_name'``) or the
            numeric data set id (``'img_id'``). Defaults to ``'stem'``.
        single_object (bool): One row per image holding its best-scored
            box (the landmark task). False writes one row per box.
            Defaults to True.
        no_prediction (str): An image without a box above ``score_thr``
            gets a row whose other fields are empty (``'blank'``), the
            ``default_prediction`` (``'default'``), or no row (``'skip'``).
            Defaults to ``'blank'``.
        default_prediction (dict, optional): For ``no_prediction='default'``:
            ``dict(label=<name or id>, box=[4 values in the file's format],
            score=0.0)``.
        score_thr (float): Boxes scored below are ignored. Defaults to 0.
        decimals (int, optional): Digits after the point for boxes and
            scores; defaults to 2 for pixels and 6 when normalized.
    """
    box_format: str = 'xyxy'
    normalized: bool = False
    label_as: str = 'name'
    label_id_offset: int = 0
    with_score: bool = True
    fields: Optional[Sequence[str]] = None
    column_names: Optional[Dict[str, str]] = field(default=None)
    image_id_from: str = 'stem'
    single_object: bool = True
    no_prediction: str = 'blank'
    default_prediction: Optional[dict] = None
    score_thr: float = 0.
    decimals: Optional[int] = None

    def __post_init__(self) -> None:
        _expect('box_format', self.box_format, BOX_FORMATS)
        _expect('label_as', self.label_as, LABEL_KINDS)
        _expect('image_id_from', self.image_id_from, IMAGE_ID_SOURCES)
        _expect('no_prediction', self.no_prediction, NO_PREDICTION_POLICIES)
        known = self.all_fields
        if self.fields is not None:
            self.fields = tuple(self.fields)
            unknown = [f for f in self.fields if f not in known]
            if unknown:
                raise ValueError(
                    f'unknown submission field(s) {unknown}; the fields for '
                    f'box format {self.box_format!r} are {list(known)}')
            missing = [
                f for f in ('image_id', 'label') + self.box_fields
                if f not in self.fields
            ]
            if missing:
                raise ValueError(f'submission fields {list(self.fields)} '
                                 f'lack the required field(s) {missing}')
            repeated = sorted({f for f in self.fields
                               if self.fields.count(f) > 1})
            if repeated:
                raise ValueError(f'submission fields {list(self.fields)} '
                                 f'name {repeated} more than once; expected '
                                 'each field once')
            self.with_score = 'score' in self.fields
        self.column_names = dict(self.column_names or {})
        unknown = [f for f in self.column_names if f not in known]
        if unknown:
            raise ValueError(f'column_names renames unknown field(s) '
                             f'{unknown}; expected some of {list(known)}')
        header = self.header
        shared = sorted({h for h in header if header.count(h) > 1})
        if shared:
            raise ValueError(f'submission header {header} has the column '
                             f'name(s) {shared} more than once; expected one '
                             'name per column')
        if self.no_prediction == 'default':
            self._check_default_prediction()
        if self.decimals is None:
            self.decimals = 6 if self.normalized else 2

    def _check_default_prediction(self) -> None:
        default = self.default_prediction
        if not isinstance(default, dict) or 'label' not in default or len(
                default.get('box', ())) != 4:
            raise ValueError(
                "no_prediction='default' needs default_prediction="
                "dict(label=..., box=[4 values], score=0.0), got "
                f'{default!r}')

    @property
    def box_fields(self) -> Tuple[str, ...]:
        """The four coordinate fields of ``box_format``."""
        return BOX_FORMATS[self.box_format]

    @property
    def all_fields(self) -> Tuple[str, ...]:
        return ('image_id', 'label', 'score') + self.box_fields

    @property
    def written_fields(self) -> Tuple[str, ...]:
        """The fields in the file, in column order."""
        if self.fields is not None:
            return tuple(self.fields)
        score = ('score', ) if self.with_score else ()
        return ('image_id', 'label') + score + self.box_fields

    @property
    def header(self) -> List[str]:
        """The column names of the file, in order."""
        return [self.column_names.get(f, f) for f in self.written_fields]

    def column_of(self, field_name: str) -> str:
        """The header of ``field_name`` (``'image_id'`` -> ``'ImageID'``)."""
        return self.column_names.get(field_name, field_name)

    def image_id_of(self, img_path: Optional[str],
                    img_id: Optional[int]) -> str:
        """The id written for an image, as configured by
        ``image_id_from``."""
        if self.image_id_from == 'img_id':
            if img_id is None:
                raise ValueError("image_id_from='img_id' needs numeric image "
                                 f'ids; {img_path!r} has none')
            return str(img_id)
        if not img_path:
            raise ValueError(f'image_id_from={self.image_id_from!r} needs '
                             f'the image path; image {img_id} has none')
        name = osp.basename(img_path)
        return osp.splitext(name)[0] if self.image_id_from == 'stem' \
            else name

    def to_dict(self) -> dict:
        return asdict(self)


def _expect(name: str, value, allowed) -> None:
    if value not in allowed:
        raise ValueError(f'{name}={value!r} is not supported; expected one '
                         f'of {", ".join(map(str, allowed))}')


def add_submission_format_args(parser: argparse.ArgumentParser) -> None:
    """Add the :class:`SubmissionFormat` options to a command line."""
    group = parser.add_argument_group('submission CSV format')
    group.add_argument(
        '--box-format',
        choices=tuple(BOX_FORMATS),
        default='xyxy',
        help='box coordinates written')
    group.add_argument(
        '--normalized',
        action='store_true',
        help='boxes divided by the image width/height (0-1)')
    group.add_argument(
        '--label-as',
        choices=LABEL_KINDS,
        default='name',
        help='write the class name or its id')
    group.add_argument(
        '--label-id-offset',
        type=int,
        default=0,
        help='added to 0-based class ids (1 for COCO ids)')
    group.add_argument(
        '--no-score', action='store_true', help='leave the score column out')
    group.add_argument(
        '--columns',
        nargs='+',
        metavar='FIELD[=NAME]',
        help='fields in column order, each optionally renamed,'
        ' e.g. image_id=ImageID label=LandmarkName x1 y1 x2 '
        'y2')
    group.add_argument(
        '--image-id-from',
        choices=IMAGE_ID_SOURCES,
        default='stem',
        help='what the image id column holds')
    group.add_argument(
        '--all-boxes',
        action='store_true',
        help='one row per box instead of one per image')
    group.add_argument(
        '--no-prediction',
        choices=NO_PREDICTION_POLICIES,
        default='blank',
        help='row for an image without a box: empty fields, '
        '--default-prediction, or no row')
    group.add_argument(
        '--default-prediction',
        nargs=5,
        metavar=('LABEL', 'A', 'B', 'C', 'D'),
        help='label and box for --no-prediction default')
    group.add_argument(
        '--score-thr',
        type=float,
        default=0.,
        help='ignore boxes scored below (default 0)')


def submission_format_from_args(args: argparse.Namespace) -> SubmissionFormat:
    """Build the :class:`SubmissionFormat` chosen on the command line."""
    fields, names = None, {}
    if args.columns:
        fields = []
        for item in args.columns:
            name, _, header = item.partition('=')
            fields.append(name)
            if header:
                names[name] = header
    default = None
    if args.default_prediction:
        label, *box = args.default_prediction
        try:
            default = dict(
                label=int(label) if args.label_as == 'id' else label,
                box=[float(v) for v in box],
                score=0.)
        except ValueError:
            raise ValueError(
                f'--default-prediction {" ".join(args.default_prediction)}: '
                'expected a label (a whole number with --label-as id) and '
                'four numbers') from None
    return SubmissionFormat(
        box_format=args.box_format,
        normalized=args.normalized,
        label_as=args.label_as,
        label_id_offset=args.label_id_offset,
        with_score=not args.no_score,
        fields=fields,
        column_names=names,
        image_id_from=args.image_id_from,
        single_object=not args.all_boxes,
        no_prediction=args.no_prediction,
        default_prediction=default,
        score_thr=args.score_thr)
