#!/usr/bin/env bash
# Build (once) and install mmcv==2.1.0 with its compiled ops into the venv.
#
# Why a script: mmcv publishes no wheel for torch 2.11, so it is compiled
# from source (~9 min on 2 cores). pip's own wheel cache silently reuses an
# mmcv wheel that was built against ANOTHER torch version (observed on this
# project's machines), which then fails at import with undefined symbols.
# So the wheel is kept in a folder keyed by torch version, Python version and
# CPU/CUDA flavour (CUDA: and the architectures), and pip is always called
# with --no-cache-dir.
#
# CUDA: where `nvcc` and a GPU are present, set FORCE_CUDA=1 (the default is
# to follow torch.cuda.is_available()) and the same command builds the CUDA
# ops for TORCH_CUDA_ARCH_LIST (default "8.0;9.0": A100, H100/H200); the
# cache key then ends in "_cuda-8.0-9.0", so CPU and CUDA builds never mix.
# `make setup-cuda` does this on a machine without a GPU, with NVIDIA's
# compiler from PyPI in .cuda-toolkit (CUDA_HOME), and MMCV_WHEEL_ONLY=1:
# the wheel is built into the cache and NOT installed (.venv keeps its CPU
# mmcv).
#
# Environment:
#   PY                    the venv's python (default .venv/bin/python)
#   FORCE_CUDA=1          build the CUDA ops
#   TORCH_CUDA_ARCH_LIST  CUDA architectures (default "8.0;9.0")
#   CUDA_HOME             the CUDA toolkit (nvcc in bin/); a PyPI toolkit
#                         (nvidia/cu13 of `pip install --target`) is shimmed
#   MMCV_WHEEL_ONLY=1     build the wheel into the cache, install nothing
#   MMCV_SDIST            a local mmcv-2.1.0.tar.gz (no registry needed)
#   MAX_JOBS              parallel compiler jobs (default: all cores)
#   LANDMARK_CACHE        the wheel cache (default ~/.cache/landmark)
#
# Patches: tools/mmcv_patches/*.patch are applied, in name order, to the
# unpacked sdist before a CUDA build (each file says which compiler error it
# fixes); the CPU build compiles none of the files they touch.
set -euo pipefail

PY=${PY:-.venv/bin/python}
MMCV_VERSION=${MMCV_VERSION:-2.1.0}
CACHE_ROOT=${LANDMARK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/landmark}
PATCH_DIR=$(cd "$(dirname "$0")" && pwd)/mmcv_patches
VENV_DIR=$(cd "$(dirname "$PY")/.." && pwd)

torch_version=$("$PY" -c 'import torch; print(torch.__version__)')
py_tag=$("$PY" -c 'import sys; print("py%d%d" % sys.version_info[:2])')
cuda_ok=$("$PY" -c 'import torch; print(int(torch.cuda.is_available()))')
if [ "${FORCE_CUDA:-0}" = "1" ] || [ "$cuda_ok" = "1" ]; then
  export FORCE_CUDA=1
  export TORCH_CUDA_ARCH_LIST=${TORCH_CUDA_ARCH_LIST:-8.0;9.0}
  # "8.0;9.0" -> "cuda-8.0-9.0" (also "8.0 9.0", "9.0+PTX")
  flavour="cuda-$(echo "$TORCH_CUDA_ARCH_LIST" | tr ' ;' '--')"
else
  flavour=cpu
fi
key="mmcv-${MMCV_VERSION}_torch-${torch_version}_${py_tag}_${flavour}"
wheel_dir="$CACHE_ROOT/wheels/$key"

# A CUDA toolkit installed from PyPI (`pip install --target DIR
# nvidia-cuda-nvcc ...`, CUDA_HOME=DIR/nvidia/cu13) lacks what
# torch.utils.cpp_extension expects of /usr/local/cuda: lib64/ and an
# unversioned libcudart.so to link against; the cuBLAS/cuSPARSE/cuSOLVER
# headers that ATen's CUDA headers include come with torch's own nvidia
# wheels (site-packages/nvidia/cu13/include), put on CPATH.
shim_pip_cuda_home() {
  local home=$1
  [ -e "$home/lib64" ] || ln -s lib "$home/lib64"
  if [ ! -e "$home/lib/libcudart.so" ] && [ -e "$home/lib/libcudart.so.13" ]
  then
    ln -s libcudart.so.13 "$home/lib/libcudart.so"
  fi
  local torch_nvidia
  torch_nvidia=$("$PY" -c 'import os, torch; print(os.path.join(
    os.path.dirname(os.path.dirname(torch.__file__)), "nvidia", "cu13",
    "include"))')
  if [ -d "$torch_nvidia" ]; then
    export CPATH="${CPATH:+$CPATH:}$torch_nvidia"
  fi
}

if [ "$flavour" != cpu ]; then
  if [ -n "${CUDA_HOME:-}" ]; then
    if [ ! -x "$CUDA_HOME/bin/nvcc" ]; then
      echo "[build_mmcv] CUDA_HOME=$CUDA_HOME has no bin/nvcc; expected a" \
           "CUDA toolkit (make setup-cuda installs one into .cuda-toolkit)" >&2
      exit 2
    fi
    case "$CUDA_HOME" in
      */nvidia/cu*) shim_pip_cuda_home "$CUDA_HOME" ;;
    esac
    export PATH="$CUDA_HOME/bin:$PATH"
  elif ! command -v nvcc >/dev/null 2>&1 && [ ! -x /usr/local/cuda/bin/nvcc ]
  then
    echo "[build_mmcv] FORCE_CUDA=1 but no nvcc: set CUDA_HOME to a CUDA" \
         "toolkit, or run make setup-cuda (installs one from PyPI)" >&2
    exit 2
  fi
fi

# ninja lets the build use every core (without it torch compiles one file
# at a time): the one on PATH, else the venv's (not on PATH unless the venv
# is activated)
if ! command -v ninja >/dev/null 2>&1; then
  PATH="$(dirname "$PY"):$PATH"
  export PATH
fi

venv_key_file="$VENV_DIR/.mmcv-key"
if [ "${MMCV_WHEEL_ONLY:-0}" != "1" ]; then
  installed=$("$PY" - <<PYEOF
import importlib.metadata as md
try:
    print(md.version('mmcv'))
except md.PackageNotFoundError:
    print('')
PYEOF
)
  if [ "$installed" = "$MMCV_VERSION" ] \
     && "$PY" -c 'import mmcv.ops' 2>/dev/null \
     && [ -f "$venv_key_file" ] && [ "$(cat "$venv_key_file")" = "$key" ]; then
    echo "[build_mmcv] mmcv $installed already installed for $key"
    exit 0
  fi
fi

# a failed or interrupted build keeps its folder (the compiler's objects,
# to look at); only a finished one is removed
built=0
end_build() {
  if [ "$built" = 1 ]; then
    rm -rf "$tmp"
  else
    echo "[build_mmcv] build failed or stopped; its folder is kept: $tmp" >&2
  fi
}

if ! ls "$wheel_dir"/mmcv-*.whl >/dev/null 2>&1; then
  if [ "${FORCE_CUDA:-0}" = 1 ]; then
    # measured here: 49.6 CPU-minutes for 9.0, 57.0 for 8.0;9.0
    expect="CUDA ops: about 50-60 CPU-minutes, ~25-30 min on 2 idle cores"
  else
    expect="CPU: about 9 minutes on 2 cores"
  fi
  echo "[build_mmcv] no cached wheel for $key: building from source" \
       "($expect)"
  mkdir -p "$wheel_dir"
  tmp=$(mktemp -d "$wheel_dir/.build.XXXXXX")
  trap end_build EXIT
  if [ -n "${MMCV_SDIST:-}" ]; then
    sdist=$MMCV_SDIST
  else
    "$PY" -m pip download --no-cache-dir --no-deps --no-binary :all: \
      --no-build-isolation -d "$tmp" "mmcv==$MMCV_VERSION"
    sdist=$(ls "$tmp"/mmcv-"$MMCV_VERSION".tar.gz)
  fi
  tar -xzf "$sdist" -C "$tmp"
  src="$tmp/mmcv-$MMCV_VERSION"
  if [ "$flavour" != cpu ] && ls "$PATCH_DIR"/*.patch >/dev/null 2>&1; then
    for p in "$PATCH_DIR"/*.patch; do
      echo "[build_mmcv] applying $(basename "$p")"
      patch -p1 --forward --silent -d "$src" < "$p"
    done
  fi
  # MMCV_WITH_OPS=1: compile the C++ ops (deformable attention for DINO,
  # RoIAlign and NMS for the CNN baselines).
  # --no-build-isolation: build against the torch in this venv, not a fresh
  # one pip would download into an isolated build environment.
  start=$(date +%s)
  MMCV_WITH_OPS=1 MAX_JOBS=${MAX_JOBS:-$(nproc)} \
    "$PY" -m pip wheel --no-cache-dir --no-build-isolation --no-deps \
    -w "$tmp" "$src"
  mv "$tmp"/mmcv-*.whl "$wheel_dir"/
  built=1
  echo "[build_mmcv] built $key in $(( ($(date +%s) - start) / 60 )) min" \
       "$(( ($(date +%s) - start) % 60 )) s:" \
       "$(du -h "$wheel_dir"/mmcv-*.whl | cut -f1) wheel"
fi

if [ "${MMCV_WHEEL_ONLY:-0}" = "1" ]; then
  echo "[build_mmcv] wheel (not installed): $(ls "$wheel_dir"/mmcv-*.whl)"
  exit 0
fi
"$PY" -m pip install --no-cache-dir --force-reinstall --no-deps \
  "$wheel_dir"/mmcv-*.whl
# mmcv's own requirements besides mmengine and opencv (installed before;
# where they are already installed, e.g. from a wheel folder offline, pip
# has nothing to fetch).
"$PY" -m pip install -q addict packaging Pillow pyyaml yapf
echo "$key" > "$venv_key_file"
"$PY" -c 'import mmcv, mmcv.ops; print("[build_mmcv] mmcv", mmcv.__version__, "ops OK")'
