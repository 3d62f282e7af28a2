#!/usr/bin/env bash
# Build (once) and install mmcv==2.1.0 with its compiled ops into the venv.
#
# Why a script: mmcv publishes no wheel for torch 2.11, so it is compiled
# from source (~9 min on 2 cores). pip's own wheel cache silently reuses an
# mmcv wheel that was built against ANOTHER torch version (observed on this
# project's machines), which then fails at import with undefined symbols.
# So the wheel is kept in a folder keyed by torch version, Python version and
# CPU/CUDA flavour, and pip is always called with --no-cache-dir.
#
# CUDA: where `nvcc` and a GPU are present, set FORCE_CUDA=1 (the default is
# to follow torch.cuda.is_available()) and the same command builds the CUDA
# ops; the cache key then ends in "-cuda" so CPU and CUDA builds never mix.
set -euo pipefail

PY=${PY:-.venv/bin/python}
MMCV_VERSION=${MMCV_VERSION:-2.1.0}
CACHE_ROOT=${LANDMARK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/landmark}

torch_version=$("$PY" -c 'import torch; print(torch.__version__)')
py_tag=$("$PY" -c 'import sys; print("py%d%d" % sys.version_info[:2])')
cuda_ok=$("$PY" -c 'import torch; print(int(torch.cuda.is_available()))')
if [ "${FORCE_CUDA:-0}" = "1" ] || [ "$cuda_ok" = "1" ]; then
  flavour=cuda
  export FORCE_CUDA=1
else
  flavour=cpu
fi
key="mmcv-${MMCV_VERSION}_torch-${torch_version}_${py_tag}_${flavour}"
wheel_dir="$CACHE_ROOT/wheels/$key"

installed=$("$PY" - <<PYEOF
import importlib.metadata as md
try:
    print(md.version('mmcv'))
except md.PackageNotFoundError:
    print('')
PYEOF
)
stamp_file="$wheel_dir/.installed-from"
if [ "$installed" = "$MMCV_VERSION" ] && "$PY" -c 'import mmcv.ops' 2>/dev/null \
   && [ -f .venv/.mmcv-key ] && [ "$(cat .venv/.mmcv-key)" = "$key" ]; then
  echo "[build_mmcv] mmcv $installed already installed for $key"
  exit 0
fi

if ! ls "$wheel_dir"/mmcv-*.whl >/dev/null 2>&1; then
  echo "[build_mmcv] no cached wheel for $key: building from source" \
       "(about 9 minutes on 2 cores)"
  mkdir -p "$wheel_dir"
  tmp=$(mktemp -d "$wheel_dir/.build.XXXXXX")
  # MMCV_WITH_OPS=1: compile the C++ ops (deformable attention for DINO,
  # RoIAlign and NMS for the CNN baselines).
  # --no-build-isolation: build against the torch in this venv, not a fresh
  # one pip would download into an isolated build environment.
  MMCV_WITH_OPS=1 MAX_JOBS=${MAX_JOBS:-$(nproc)} \
    "$PY" -m pip wheel --no-cache-dir --no-build-isolation --no-deps \
    -w "$tmp" "mmcv==$MMCV_VERSION"
  mv "$tmp"/mmcv-*.whl "$wheel_dir"/
  rm -rf "$tmp"
fi
"$PY" -m pip install --no-cache-dir --force-reinstall --no-deps \
  "$wheel_dir"/mmcv-*.whl
# mmcv's own requirements besides mmengine and opencv (installed before).
"$PY" -m pip install -q addict packaging Pillow pyyaml yapf
echo "$key" > .venv/.mmcv-key
"$PY" -c 'import mmcv, mmcv.ops; print("[build_mmcv] mmcv", mmcv.__version__, "ops OK")'
