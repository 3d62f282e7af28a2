from landmark.segmentation.datasets.transforms.semantic_copy_paste import \
    SemanticCopyPaste

__all__ = ['SemanticCopyPaste']
