from .csv_boxes import CSV_COLUMNS, convert_csv_to_coco
from .image_folder import convert_image_folder_to_coco, read_coco_class_names
from .output import write_converted
from .split import SPLIT_MODES, group_images, split_coco
from .voc import convert_voc_to_coco

__all__ = [
    'CSV_COLUMNS', 'convert_csv_to_coco', 'convert_image_folder_to_coco',
    'read_coco_class_names', 'SPLIT_MODES', 'group_images', 'split_coco',
    'convert_voc_to_coco', 'write_converted'
]
