from landmark.detection.datasets.converters.box_collection import \
    BoxCollection
from landmark.detection.datasets.converters.converter_args import (
    add_box_converter_args, add_image_check_args, add_output_args,
    add_problem_args, box_converter_kwargs, box_converter_parser,
    image_check_kwargs)
from landmark.detection.datasets.converters.csv_boxes import (
    CSV_COLUMNS, convert_csv_to_coco)
from landmark.detection.datasets.converters.exif_frame import (
    annotation_frame, stored_to_displayed_box)
from landmark.detection.datasets.converters.image_folder import \
    convert_image_folder_to_coco
from landmark.detection.datasets.converters.output import (DATA_ERRORS,
                                                           run_box_converter,
                                                           run_converter,
                                                           write_converted)
from landmark.detection.datasets.converters.split import (SPLIT_MODES,
                                                          group_images,
                                                          parse_val_fraction,
                                                          split_coco)
from landmark.detection.datasets.converters.voc import convert_voc_to_coco

__all__ = [
    'CSV_COLUMNS', 'convert_csv_to_coco', 'convert_image_folder_to_coco',
    'SPLIT_MODES', 'group_images', 'split_coco', 'convert_voc_to_coco',
    'add_output_args', 'add_problem_args', 'DATA_ERRORS', 'run_converter',
    'write_converted', 'add_box_converter_args', 'add_image_check_args',
    'box_converter_kwargs', 'image_check_kwargs', 'annotation_frame',
    'stored_to_displayed_box', 'box_converter_parser', 'run_box_converter',
    'parse_val_fraction', 'BoxCollection'
]
