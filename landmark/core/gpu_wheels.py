"""The wheel folder of a GPU machine that has no package registry.

``make gpu-wheels`` downloads into a folder (ignored by git) what
``tools/gpu_check.sh`` installs on a GPU machine that has Python 3.12,
torch 2.11.0+cu130, torchvision 0.26, nvcc 13.0 and OpenCV (with their own
dependencies) and no registry: every name of :data:`GPU_WHEELS`, at the
version installed in the venv that downloads them (the stack tested here),
as a Python 3.12 x86-64 Linux wheel, ``--no-deps``; pure-Python wheels where
a package has one (fonttools' is 1.2 MB, its compiled one 5.4 MB), so that
the folder stays under :data:`SIZE_LIMIT_MIB`; and mmcv's sdist, which the
GPU machine compiles for its own GPU.

:func:`check_wheel_folder` (``tools/gpu_check.sh --dry-run``) checks a
folder: one file per name, each installable on Python 3.12 x86-64 Linux,
the total under the limit, and every distribution that the GPU check
imports (:func:`traced_distributions`, a fresh process importing
:data:`RUNTIME_IMPORTS`) either in the folder, on the GPU machine
(:func:`device_provided`) or stood in for (:data:`STAND_INS`).

Not in the folder: numba (ensemble-boxes imports it; its llvmlite wheel
alone is 57 MiB, scipy's 34 MiB, and both do not fit 64 MiB):
``tools/gpu_check.sh`` installs a stand-in whose ``jit`` returns the
function unchanged. Weighted Boxes Fusion, the flip TTA's default, uses no
jitted function; NMS, NMW and soft-NMS fusion would run as plain Python.
faiss-cpu (retrieval) and pandas (declared by ensemble-boxes, never
imported) are left out too.

Examples:
    python -m landmark.core.gpu_wheels download gpu-wheels
    python -m landmark.core.gpu_wheels check gpu-wheels
"""
import argparse
import importlib.metadata as metadata
import json
import os
import os.path as osp
import re
import subprocess
import sys
from typing import Dict, Iterable, List, Optional, Set

SIZE_LIMIT_MIB = 64
MMCV_VERSION = '2.1.0'
PYTHON_VERSION = '3.12'
# manylinux tags pip may pick for the device (x86-64, glibc >= 2.28)
PLATFORMS = ('manylinux_2_28_x86_64', 'manylinux_2_27_x86_64',
             'manylinux_2_24_x86_64', 'manylinux_2_17_x86_64',
             'manylinux2014_x86_64')

# name -> who needs it. Compiled (no pure-Python wheel): COMPILED.
GPU_WHEELS: Dict[str, str] = {
    # the OpenMMLab stack (mmcv comes as its sdist)
    'mmengine': 'runner, configs, registries',
    'mmdet': 'detection',
    'mmpretrain': 'classification',
    'mmsegmentation': 'segmentation',
    # mmengine's imports
    'addict': 'mmengine, mmcv',
    'pyyaml': 'mmengine, mmcv',
    'rich': 'mmengine, mmpretrain',
    'markdown-it-py': 'rich',
    'mdurl': 'markdown-it-py',
    'pygments': 'rich, pytest',
    'termcolor': 'mmengine',
    'yapf': 'mmengine, mmcv (config dumps)',
    'platformdirs': 'yapf',
    'packaging': 'mmcv, mmseg, pytest, matplotlib',
    'matplotlib': 'mmengine and mmdet visualization',
    'contourpy': 'matplotlib',
    'cycler': 'matplotlib',
    'fonttools': 'matplotlib',
    'kiwisolver': 'matplotlib',
    'pyparsing': 'matplotlib',
    'python-dateutil': 'matplotlib',
    'six': 'python-dateutil, mmdet',
    # mmdet's imports
    'scipy': "DINO's Hungarian assigner, landmark",
    'pycocotools': 'COCO data sets and metric',
    'shapely': 'mmdet masks',
    'terminaltables': 'mmdet metrics',
    'tqdm': 'mmdet',
    # landmark's
    'ensemble-boxes': 'flip TTA box fusion',
    # mmpretrain's (its imports as pinned in requirements.txt)
    'importlib-metadata': 'mmpretrain',
    'zipp': 'importlib-metadata',
    'lazy-importer': 'importlib-metadata',
    'mat4py': 'mmpretrain',
    'modelindex': 'mmpretrain',
    'model-index': 'modelindex',
    'click': 'model-index',
    'markdown': 'model-index',
    'ordered-set': 'model-index',
    'einops': 'mmpretrain',
    # mmseg's
    'ftfy': 'mmseg',
    'wcwidth': 'ftfy, prettytable',
    'regex': 'mmseg',
    'prettytable': 'mmseg',
    # pytest -m gpu
    'pytest': 'pytest -m gpu',
    'pluggy': 'pytest',
    'iniconfig': 'pytest',
    # building mmcv: setup.py imports pkg_resources (setuptools < 70)
    'setuptools': 'building mmcv',
    'wheel': 'building mmcv',
    'ninja': 'building mmcv on every core',
}
COMPILED = {
    'pyyaml', 'matplotlib', 'contourpy', 'kiwisolver', 'scipy',
    'pycocotools', 'shapely', 'regex', 'ninja'
}
# on the GPU machine already, with what these require
DEVICE_PACKAGES = ('torch', 'torchvision', 'numpy', 'pillow',
                   'opencv-python', 'pip')
# imported but not in the folder: installed by tools/gpu_check.sh instead
STAND_INS = {
    'numba': 'a stand-in whose jit returns the function (module docstring)',
    'llvmlite': 'imported by numba only',
}
# what the GPU check imports (its tests, tools and benchmarks)
RUNTIME_IMPORTS = (
    'landmark.detection', 'landmark.classification', 'landmark.segmentation',
    'landmark.detection.apis.tool_runs',
    'landmark.detection.apis.auto_pixel_budget', 'landmark.testing',
    'mmcv.ops', 'mmdet.apis', 'mmdet.engine', 'mmdet.evaluation',
    'mmdet.models', 'mmdet.datasets', 'mmdet.visualization',
    'mmpretrain.models', 'mmseg.models', 'ensemble_boxes', 'scipy.optimize',
    'pycocotools.coco', 'pytest')


def normalize(name: str) -> str:
    """PEP 503 name: ``PyYAML`` -> ``pyyaml``, ``ensemble_boxes`` ->
    ``ensemble-boxes``."""
    return re.sub(r'[-_.]+', '-', name).lower()


def wheel_name(file_name: str) -> Optional[str]:
    """The normalized distribution name of a wheel or sdist file."""
    if file_name.endswith('.whl'):
        return normalize(file_name.split('-')[0])
    match = re.match(r'(.+)-[0-9][^-]*\.tar\.gz$', file_name)
    return normalize(match.group(1)) if match else None


def wheel_fits_device(file_name: str) -> bool:
    """Whether pip on CPython 3.12, x86-64 Linux (glibc 2.28 or later)
    installs this wheel: a py3 or cp312 (or abi3 from an earlier cp3)
    wheel for any platform or a manylinux x86-64 one."""
    parts = file_name[:-len('.whl')].split('-')
    if len(parts) < 5:
        return False
    pythons, abis, platforms = (p.split('.') for p in parts[-3:])
    python_ok = any(
        p in ('py3', 'py2.py3', 'cp312') or p.startswith('py3') or
        (p.startswith('cp3') and 'abi3' in abis) for p in pythons)
    abi_ok = any(a in ('none', 'cp312', 'abi3') for a in abis)
    platform_ok = any(p == 'any' or (
        p.startswith('manylinux') and p.endswith('x86_64')) for p in platforms)
    return python_ok and abi_ok and platform_ok


def installed_version(name: str) -> str:
    """The version of ``name`` in this environment (the pinned stack)."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        raise ValueError(f'{name} is not installed in {sys.prefix}: '
                         'make gpu-wheels takes the versions of the venv '
                         '(run make setup first)') from None


def download_gpu_wheels(folder: str) -> List[str]:
    """Download every name of :data:`GPU_WHEELS` (at this environment's
    version) and mmcv's sdist into ``folder``; returns the files.

    Two pip calls for the wheels, pure and compiled, and one for the
    sdist; pip is told the device's Python and platforms and not to
    resolve dependencies (every needed name is listed).
    """
    os.makedirs(folder, exist_ok=True)
    pins = {name: f'{name}=={installed_version(name)}' for name in GPU_WHEELS}
    pip = [
        sys.executable, '-m', 'pip', 'download', '--no-deps',
        '--no-cache-dir', '--only-binary', ':all:', '--python-version',
        PYTHON_VERSION, '--implementation', 'cp', '-d', folder
    ]
    pure = [pins[n] for n in GPU_WHEELS if n not in COMPILED]
    compiled = [pins[n] for n in GPU_WHEELS if n in COMPILED]
    subprocess.run(pip + ['--platform', 'any'] + pure, check=True)
    platforms = [arg for p in PLATFORMS for arg in ('--platform', p)]
    subprocess.run(
        pip + ['--abi', 'cp312', '--abi', 'abi3', '--abi', 'none'] +
        platforms + compiled,
        check=True)
    # the sdist: no build isolation (preparing its metadata imports torch)
    subprocess.run([
        sys.executable, '-m', 'pip', 'download', '--no-deps',
        '--no-cache-dir', '--no-binary', ':all:', '--no-build-isolation',
        '-d', folder, f'mmcv=={MMCV_VERSION}'
    ],
                   check=True)
    return sorted(os.listdir(folder))


def device_provided(packages: Iterable[str] = DEVICE_PACKAGES) -> Set[str]:
    """Normalized names on the GPU machine already: ``packages`` and what
    they require there (CPython 3.12 on x86-64 Linux, no extras),
    transitively, as their versions here declare it."""
    from packaging.requirements import InvalidRequirement, Requirement
    device = dict(
        python_version=PYTHON_VERSION,
        python_full_version=f'{PYTHON_VERSION}.0',
        implementation_name='cpython',
        platform_python_implementation='CPython',
        sys_platform='linux',
        platform_system='Linux',
        platform_machine='x86_64',
        os_name='posix',
        extra='')
    provided: Set[str] = set()
    todo = [normalize(p) for p in packages]
    while todo:
        name = todo.pop()
        if name in provided:
            continue
        provided.add(name)
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        for text in requires:
            try:
                requirement = Requirement(text)
            except InvalidRequirement:
                continue
            marker = requirement.marker
            if marker is None or marker.evaluate(device):
                todo.append(normalize(requirement.name))
    return provided


def traced_distributions(modules: Iterable[str] = RUNTIME_IMPORTS,
                         python: str = sys.executable) -> Set[str]:
    """Normalized names of the distributions whose modules are loaded after
    importing ``modules`` in a fresh ``python`` (the standard library and
    landmark itself left out).

    Raises:
        RuntimeError: An import failed (its last line).
    """
    script = (
        'import importlib, json, sys, importlib.metadata as md\n'
        f'for m in {list(modules)!r}:\n'
        '    importlib.import_module(m)\n'
        'owners = md.packages_distributions()\n'
        'tops = {m.split(".")[0] for m in list(sys.modules)}\n'
        'tops -= set(sys.stdlib_module_names) | {"landmark", "__main__"}\n'
        'print(json.dumps(sorted({d for t in tops '
        'for d in owners.get(t, [])})))\n')
    result = subprocess.run([python, '-c', script],
                            capture_output=True,
                            text=True,
                            cwd=osp.dirname(osp.dirname(osp.dirname(
                                osp.abspath(__file__)))))
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ['?'])[-1]
        raise RuntimeError(f'importing what the GPU check imports failed: '
                           f'{last}')
    names = {normalize(d) for d in json.loads(result.stdout.splitlines()[-1])}
    return names - {'landmark'}


def check_wheel_folder(folder: str,
                       size_limit_mib: float = SIZE_LIMIT_MIB,
                       imported: Optional[Set[str]] = None,
                       provided: Optional[Set[str]] = None) -> List[str]:
    """What is wrong with a wheel folder for the GPU check; empty if
    nothing.

    Args:
        folder (str): The folder of ``make gpu-wheels``.
        size_limit_mib (float): Most MiB all files may take together.
            Defaults to :data:`SIZE_LIMIT_MIB`.
        imported (set, optional): Distributions the GPU check imports;
            defaults to :func:`traced_distributions`.
        provided (set, optional): Distributions on the GPU machine;
            defaults to :func:`device_provided`.

    Returns:
        list: One line per problem, naming the file or distribution.
    """
    if not osp.isdir(folder):
        return [f'{folder}: no such folder (make gpu-wheels fills it)']
    files = sorted(f for f in os.listdir(folder)
                   if f.endswith(('.whl', '.tar.gz')))
    problems = []
    by_name: Dict[str, List[str]] = {}
    for f in files:
        by_name.setdefault(wheel_name(f) or f, []).append(f)
        if f.endswith('.whl') and not wheel_fits_device(f):
            problems.append(f'{f}: not installable on CPython 3.12, x86-64 '
                            'Linux')
    for name, found in sorted(by_name.items()):
        if len(found) > 1:
            problems.append(f'{name}: {len(found)} files ({", ".join(found)})'
                            '; expected one')
    wanted = set(GPU_WHEELS) | {'mmcv'}
    for name in sorted(wanted - set(by_name)):
        problems.append(f'{name}: missing (expected '
                        f'{"its sdist" if name == "mmcv" else "a wheel"})')
    if 'mmcv' in by_name and not by_name['mmcv'][0].endswith('.tar.gz'):
        problems.append(f'{by_name["mmcv"][0]}: expected mmcv\'s sdist (it '
                        'is compiled on the GPU machine)')
    total = sum(osp.getsize(osp.join(folder, f)) for f in files)
    if total > size_limit_mib * 2**20:
        problems.append(f'{folder}: {total / 2**20:.1f} MiB in all; the '
                        f'limit is {size_limit_mib:g} MiB')
    imported = traced_distributions() if imported is None else imported
    provided = device_provided() if provided is None else provided
    for name in sorted(imported - provided - set(by_name) - set(STAND_INS)):
        problems.append(f'{name}: imported by the GPU check but neither in '
                        'the folder nor on the GPU machine')
    return problems


def folder_summary(folder: str) -> str:
    """``N files, X MiB`` of a wheel folder."""
    files = [f for f in os.listdir(folder) if f.endswith(('.whl', '.tar.gz'))]
    total = sum(osp.getsize(osp.join(folder, f)) for f in files)
    return f'{len(files)} files, {total / 2**20:.1f} MiB'


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description='the wheel folder of tools/gpu_check.sh')
    parser.add_argument('action', choices=['download', 'check'])
    parser.add_argument('folder')
    args = parser.parse_args(argv)
    if args.action == 'download':
        try:
            download_gpu_wheels(args.folder)
        except (ValueError, subprocess.CalledProcessError) as err:
            print(f'error: {err}', file=sys.stderr)
            return 2
    problems = check_wheel_folder(args.folder) if osp.isdir(
        args.folder) else [f'{args.folder}: no such folder']
    for line in problems:
        print(f'error: {line}', file=sys.stderr)
    if problems:
        return 1
    print(f'{args.folder}: {folder_summary(args.folder)}, every import of '
          'the GPU check covered')
    return 0


if __name__ == '__main__':
    sys.exit(main())
