from landmark.classification.evaluation.decoder_comparison import (
    compare_decoders, decoded_label_report)
from landmark.classification.evaluation.metrics import (ClassificationReport,
                                                        HierarchicalAccuracy,
                                                        RankDecodingReport)
from landmark.classification.evaluation.rank_decoding import (
    decode_labels, expected_rank_decode, greedy_share_decode,
    hungarian_share_decode)
from landmark.classification.evaluation.writers import (ClassCsvWriter,
                                                        check_class_csv,
                                                        read_class_csv,
                                                        write_class_csv)

__all__ = [
    'ClassCsvWriter', 'ClassificationReport', 'HierarchicalAccuracy',
    'RankDecodingReport',
    'check_class_csv', 'compare_decoders', 'decode_labels',
    'decoded_label_report', 'expected_rank_decode', 'greedy_share_decode',
    'hungarian_share_decode', 'read_class_csv', 'write_class_csv'
]
