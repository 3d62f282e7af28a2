# All metadata lives in setup.cfg; this shim lets `pip install -e .` work
# with the setuptools<70 that the mmcv build needs.
from setuptools import setup

setup()
