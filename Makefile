# The two commands of the README: `make test` and `make demo`. Both call
# `make setup` first, which builds .venv once and is a no-op (< 1 s) when
# nothing it depends on changed.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
STAMP := $(VENV)/.landmark-setup-done

# The PyPI builds of torch 2.11 / torchvision 0.26 run on the CPU. A bare
# `pip install torch` on the project machines picks a local CPU-only torch
# 2.13 wheel whose torchvision ops need the CUDA libraries, and mmengine's
# `torchvision://` pretrained scheme needs a working torchvision.
TORCH_PINS := torch==2.11.0 torchvision==0.26.0

# mmpretrain accepts mmcv < 2.4 and mmengine < 1.0; installed without its
# dependencies (requirements/classification.txt pins what it imports), at
# the version of requirements/mminstall.txt.
MMPRETRAIN_PIN := $(shell grep '^mmpretrain==' requirements/mminstall.txt)

.PHONY: setup test demo lint clean-venv setup-cuda gpu-wheels \
	setup-browser browser-tests

setup: $(STAMP)

$(STAMP): Makefile requirements.txt $(wildcard requirements/*.txt) setup.py \
		setup.cfg tools/build_mmcv.sh
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	# setuptools<70: mmcv 2.1.0's setup.py imports pkg_resources.
	# ninja: lets the mmcv build use every core.
	$(PIP) install -q --upgrade pip 'setuptools<70' wheel ninja
	$(PIP) install -q $(TORCH_PINS)
	# mmcv's runtime needs (mmengine, opencv) come first, for its import check
	$(PIP) install -q -r requirements.txt $(TORCH_PINS)
	PY=$(PY) bash tools/build_mmcv.sh
	# mmpretrain 1.2.0 (classification): --no-deps, its imports are pinned in
	# requirements/classification.txt; with deps pip may upgrade
	# numpy/matplotlib
	$(PIP) install -q --no-deps $(MMPRETRAIN_PIN)
	# landmark with every task's extra (setup.py reads requirements/): all
	# installed by the steps above, so pip only checks what is declared
	$(PIP) install -q -e '.[all]' $(TORCH_PINS)
	$(PY) -c "import landmark, mmdet, mmcv.ops; print('landmark', landmark.__version__, 'ready')"
	$(PY) -c "import landmark.classification, mmpretrain; print('mmpretrain', mmpretrain.__version__, 'ready')"
	touch $@

# OMP_WAIT_POLICY=PASSIVE: OpenMP threads that spin while waiting made CPU
# training 5-20x slower whenever two processes share the cores (the 2-process
# distributed test, or a busy machine).
# -n $(TEST_WORKERS): pytest-xdist runs the tests in 2 processes (one process
# left a core idle: 20 min); --maxschedchunk 2 hands them out two at a time,
# so the longest, ordered first by tests/conftest.py, start on both workers.
# OMP_NUM_THREADS=1: one thread per worker and per tool it starts, so the two
# workers do not fight over the two cores (a test may ask for more).
TEST_WORKERS ?= 2
test: setup
	OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS=1 \
		$(PY) -m pytest tests -q -rs --durations=15 \
		-n $(TEST_WORKERS) --maxschedchunk 2

# The main job end to end on the default (synthetic) data.
demo: setup
	$(PY) tools/demo.py

lint: setup
	$(PIP) install -q flake8
	$(PY) -m flake8 landmark tools tests benchmarks

clean-venv:
	rm -rf $(VENV)

# The GPU path (docs/get_started.md: The GPU build). Neither target is part of `setup` or `test`.
# setup-cuda: mmcv's CUDA ops compiled without a GPU, with NVIDIA's CUDA
# 13.0 compiler from PyPI (torch 2.11's PyPI build is CUDA 13.0) installed
# into .cuda-toolkit in ONE pip call (a later --target install into the same
# folder replaces what an earlier one put there). The wheel goes to the
# wheel cache under a key with the architectures; .venv keeps its CPU mmcv.
# Long: see docs/get_started.md for the measured minutes.
CUDA_TOOLKIT := .cuda-toolkit
CUDA_PINS := 'nvidia-cuda-nvcc==13.0.*' 'nvidia-cuda-cccl==13.0.*' \
	'nvidia-cuda-crt==13.0.*' 'nvidia-cuda-runtime==13.0.*' \
	'nvidia-nvvm==13.0.*'
TORCH_CUDA_ARCH_LIST ?= 8.0;9.0
setup-cuda: setup
	test -x $(CUDA_TOOLKIT)/nvidia/cu13/bin/nvcc || \
		$(PIP) install -q --no-cache-dir --target $(CUDA_TOOLKIT) $(CUDA_PINS)
	CUDA_HOME=$(CURDIR)/$(CUDA_TOOLKIT)/nvidia/cu13 FORCE_CUDA=1 \
		MMCV_WHEEL_ONLY=1 TORCH_CUDA_ARCH_LIST='$(TORCH_CUDA_ARCH_LIST)' \
		PY=$(PY) bash tools/build_mmcv.sh

# gpu-wheels: what tools/gpu_check.sh installs on a GPU machine without a
# package registry (cp312 wheels, --no-deps, the versions of .venv, and the
# mmcv sdist), checked by `tools/gpu_check.sh --dry-run`.
GPU_WHEELS := gpu-wheels
gpu-wheels: setup
	$(PY) -m landmark.core.gpu_wheels download $(GPU_WHEELS)

# setup-browser: Debian's Chromium for the report's browser test
# (tests/report/test_report_browser.py skips, naming this target, without
# it; `make test` runs it where Chromium is). apt-get needs root.
CHROMIUM := /usr/bin/chromium
setup-browser:
	test -x $(CHROMIUM) || (apt-get update && apt-get install -y chromium)

# browser-tests: tools/report.py's page opened from disk, filtered and paged
# in headless Chromium
browser-tests: setup setup-browser
	OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS=1 \
		$(PY) -m pytest tests/report/test_report_browser.py -q -rs
