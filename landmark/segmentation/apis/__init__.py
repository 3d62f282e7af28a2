from landmark.segmentation.apis.segmentation_testing import \
    configure_segmentation_test

__all__ = ['configure_segmentation_test']
