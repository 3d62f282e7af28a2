from .native_resolution import NativeResolution

__all__ = ['NativeResolution']
