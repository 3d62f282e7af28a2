from landmark.detection.datasets.transforms.native_resolution import \
    NativeResolution

__all__ = ['NativeResolution']
