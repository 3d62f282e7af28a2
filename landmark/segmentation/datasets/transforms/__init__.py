from landmark.segmentation.datasets.transforms.semantic_copy_paste import \
    SemanticCopyPaste

__all__ = ['SemanticCopyPaste']

from landmark.core.tensor_packing import patch_packer_to_tensor  # noqa: E402

patch_packer_to_tensor('mmseg.datasets.transforms.formatting')
