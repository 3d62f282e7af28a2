from landmark.segmentation.evaluation.metrics import (IoUDiceMetric,
                                                      iou_and_dice)
from landmark.segmentation.evaluation.rle_csv import (
    RLE_CSV_COLUMNS, RLECSVError, check_rle_csv, read_rle_csv, rle_rows,
    sort_rle_rows, write_rle_csv)
from landmark.segmentation.evaluation.run_length import (RLE_ORDERS,
                                                         RunLengthError,
                                                         decode_rle,
                                                         encode_rle)
from landmark.segmentation.evaluation.writers import RLECSVWriter

__all__ = [
    'IoUDiceMetric', 'iou_and_dice', 'RLE_CSV_COLUMNS', 'RLECSVError',
    'check_rle_csv', 'read_rle_csv', 'rle_rows', 'sort_rle_rows',
    'write_rle_csv', 'RLE_ORDERS', 'RunLengthError', 'decode_rle',
    'encode_rle', 'RLECSVWriter'
]
