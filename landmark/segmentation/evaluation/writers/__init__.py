from landmark.segmentation.evaluation.writers.rle_csv_writer import \
    RLECSVWriter

__all__ = ['RLECSVWriter']
