#!/usr/bin/env bash
# The GPU path in one command, on a GPU machine without a package registry
# (docs/get_started.md: The GPU build). Run from the repository root of a machine with Python 3.12,
# torch 2.11.0+cu130, torchvision 0.26, nvcc 13.0 and OpenCV, after copying
# the wheel folder that `make gpu-wheels` filled on a machine with a
# registry:
#
#   bash tools/gpu_check.sh OUTDIR [--wheels gpu-wheels]
#   bash tools/gpu_check.sh --dry-run [--wheels gpu-wheels]
#
# 1. installs the wheels into .gpu-venv (a venv that sees the machine's
#    torch, OpenCV, numpy and pip) and builds mmcv 2.1.0's CUDA ops from the
#    sdist in the folder for this GPU's architecture only, MAX_JOBS=$(nproc)
#    (tools/build_mmcv.sh), timed;
# 2.-6. runs python -m landmark.core.gpu_check: pytest -m gpu, the headline
#    Swin-L DINO step at 4000x3000, the largest size that trains, the
#    native-resolution benchmark, plain vs flip-TTA photos/s;
# and writes OUTDIR/gpu_check.json and OUTDIR/gpu_check.md (each step's log
# beside them). The whole script keeps within 9 minutes (540 s): a step
# that cannot finish in what is left is skipped, with a line saying so.
#
# --dry-run runs nothing on a GPU: it checks the wheel folder (one file per
# needed name, installable on CPython 3.12 x86-64 Linux, under 64 MiB in
# all, every import of the GPU check covered) and prints the steps.
#
# numba: ensemble-boxes imports it, and its llvmlite alone (57 MiB) does not
# fit the folder with scipy; a stand-in whose jit returns the function is
# installed where numba is missing. Flip TTA's Weighted Boxes Fusion calls
# no jitted function; its figures are unaffected.
set -euo pipefail
started_at=$(date +%s)

usage="usage: tools/gpu_check.sh OUTDIR [--wheels DIR] | --dry-run [--wheels DIR]"
wheels=gpu-wheels
out_dir=
dry_run=0
while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) dry_run=1 ;;
    --wheels) wheels=${2:?--wheels needs a folder}; shift ;;
    -h|--help) echo "$usage"; exit 0 ;;
    -*) echo "$usage" >&2; exit 2 ;;
    *) out_dir=$1 ;;
  esac
  shift
done
# paths given relative to where the script was called from
[ -d "$wheels" ] && wheels=$(cd "$wheels" && pwd)
if [ -n "$out_dir" ]; then
  mkdir -p "$out_dir"
  out_dir=$(cd "$out_dir" && pwd)
fi
cd "$(dirname "$0")/.."
repo=$(pwd)

if [ "$dry_run" = 1 ]; then
  py=${PY:-.venv/bin/python}
  [ -x "$py" ] || py=python3
  rc=0
  "$py" -m landmark.core.gpu_wheels check "$wheels" || rc=$?
  "$py" -m landmark.core.gpu_check OUTDIR --dry-run
  exit $rc
fi

if [ -z "$out_dir" ]; then
  echo "$usage" >&2
  exit 2
fi
if [ ! -f "$wheels/mmcv-2.1.0.tar.gz" ]; then
  echo "[gpu_check] $wheels/mmcv-2.1.0.tar.gz not found: expected the wheel" \
       "folder of make gpu-wheels (copy it here, or --wheels DIR)" >&2
  exit 2
fi
python=${PYTHON:-python3}
venv=${GPU_VENV:-.gpu-venv}
"$python" -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)' 2>/dev/null || {
  echo "[gpu_check] $python sees no CUDA device (torch.cuda.is_available() is" \
       "False): run this on the GPU machine" >&2
  exit 2
}
# A venv that sees the machine's packages (torch, OpenCV, numpy, pip) after
# its own, whether the machine's python is a system one or itself a venv
# (--system-site-packages would show only the base interpreter's): a .pth
# file lists the machine's site-packages. Its pip, run by the venv's
# python, installs into the venv.
if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv --without-pip "$venv"
  machine_sites=$("$python" -c 'import site, sysconfig
paths = [sysconfig.get_paths()[k] for k in ("purelib", "platlib")]
paths += site.getsitepackages() + [site.getusersitepackages()]
print("\n".join(dict.fromkeys(paths)))')
  venv_site=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
  echo "$machine_sites" > "$venv_site/_machine_packages.pth"
fi
py="$venv/bin/python"
"$py" -c 'import torch, pip' || {
  echo "[gpu_check] $venv does not see the machine's torch and pip" >&2
  exit 2
}
export PYTHONPATH="$repo${PYTHONPATH:+:$PYTHONPATH}"

# numba stand-in (see the top of this file), where numba is missing
numba_stand_in() {
  local site
  site=$("$py" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
  mkdir -p "$site/numba"
  cat > "$site/numba/__init__.py" <<'PYEOF'
"""Stand-in for numba, written by tools/gpu_check.sh (numba's llvmlite does
not fit the wheel folder): jit and njit return the function unchanged, so
ensemble-boxes imports and its jitted helpers run as plain Python."""


def jit(*args, **kwargs):
    if len(args) == 1 and callable(args[0]) and not kwargs:
        return args[0]
    return lambda function: function


njit = jit
PYEOF
}

# install the wheels, build mmcv, import what the steps import; each
# command's failure ends it (set -e does not apply in a function called
# with ||)
install_and_build() {
  echo "[gpu_check] installing $(ls "$wheels"/*.whl | wc -l) wheels"
  "$py" -m pip install --no-index --no-deps --no-cache-dir -q \
    "$wheels"/*.whl || return 1
  "$py" -c 'import numba' 2>/dev/null || numba_stand_in || return 1
  if [ -z "${CUDA_HOME:-}" ] && ! command -v nvcc >/dev/null 2>&1; then
    # nvcc from PyPI beside torch's own CUDA libraries
    local pip_cuda
    pip_cuda=$("$py" -c 'import os, torch; print(os.path.join(
      os.path.dirname(os.path.dirname(torch.__file__)), "nvidia", "cu13"))')
    if [ -x "$pip_cuda/bin/nvcc" ]; then export CUDA_HOME="$pip_cuda"; fi
  fi
  local arch
  arch=$("$py" -c 'import torch; print("%d.%d" % torch.cuda.get_device_capability())') \
    || return 1
  echo "[gpu_check] building mmcv for compute capability $arch with" \
       "$(nproc) jobs"
  PY="$py" FORCE_CUDA=1 TORCH_CUDA_ARCH_LIST="$arch" MAX_JOBS=$(nproc) \
    MMCV_SDIST="$wheels/mmcv-2.1.0.tar.gz" bash tools/build_mmcv.sh \
    || return 1
  "$py" -c 'import landmark.detection, landmark.classification
import landmark.segmentation, mmcv.ops, pytest
print("[gpu_check] imports OK")'
}

build_start=$(date +%s)
build_status=ok
install_and_build > "$out_dir/build.log" 2>&1 || build_status=failed
build_seconds=$(( $(date +%s) - build_start ))
echo "[gpu_check] install and build: $build_status in ${build_seconds} s" \
     "(log: $out_dir/build.log)"
detail=$(grep -h '^\[build_mmcv\] built' "$out_dir/build.log" || true)
if [ "$build_status" != ok ]; then
  tail -n 20 "$out_dir/build.log" >&2
  if ! "$py" -c 'import landmark.core' 2>/dev/null; then
    exit 1  # no summary without the stack: the log above says why
  fi
fi

exec "$py" -m landmark.core.gpu_check "$out_dir" --started-at "$started_at" \
  --build-seconds "$build_seconds" --build-status "$build_status" \
  --build-detail "$detail"
