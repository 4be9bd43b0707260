#!/usr/bin/env python3
"""Vendor the pure-Python packages of the Pyodide sandbox from pinned PyPI wheels.

    python3 scripts/vendor_python_packages.py

Downloads each pinned wheel (`pip download --no-deps --only-binary=:all:`, so pip resolves nothing and builds
nothing), checks that it is a pure-Python wheel, and writes resources/python/site-packages.zip: the packages' .py files
without tests or bytecode, plus each wheel's METADATA and licence files, deterministically (sorted entries, fixed
timestamps). resources/python/SOURCES.json records name, version, wheel file, wheel sha256 and licence of each.
"""
import email.parser
import hashlib
import json
import pathlib
import subprocess
import sys
import tempfile
import zipfile

# Math-Verify grades answers; latex2sympy2_extended is the exact version math-verify 0.9.0 requires; antlr4 is the
# newest runtime latex2sympy2_extended 1.11.0 accepts (>=4.9.3, <=4.13.2), which it ships a generated parser for;
# sympy 1.14.0 is the newest sympy (math-verify and latex2sympy2_extended accept any); mpmath 1.3.0 is what sympy
# 1.14 requires (>=1.1.0, <1.4). `packages` are the top-level import names each wheel installs.
PINS = [
    {'name': 'math-verify', 'version': '0.9.0', 'license': 'Apache-2.0', 'packages': ['math_verify']},
    {'name': 'latex2sympy2_extended', 'version': '1.11.0', 'license': 'MIT', 'packages': ['latex2sympy2_extended']},
    {'name': 'antlr4-python3-runtime', 'version': '4.13.2', 'license': 'BSD-3-Clause', 'packages': ['antlr4']},
    {'name': 'sympy', 'version': '1.14.0', 'license': 'BSD-3-Clause', 'packages': ['sympy']},
    {'name': 'mpmath', 'version': '1.3.0', 'license': 'BSD-3-Clause', 'packages': ['mpmath']},
]
OUT = pathlib.Path(__file__).resolve().parent.parent / 'resources' / 'python'
FIXED_TIME = (2000, 1, 1, 0, 0, 0)
LICENCE_NAMES = ('LICENSE', 'LICENCE', 'COPYING', 'AUTHORS', 'NOTICE')


def download(pin: dict, folder: pathlib.Path) -> pathlib.Path:
    subprocess.run([sys.executable, '-m', 'pip', 'download', '--quiet', '--no-deps', '--only-binary=:all:',
                    '--dest', str(folder), f"{pin['name']}=={pin['version']}"], check=True)
    wheels = [w for w in folder.glob('*.whl') if w.name.split('-')[1] == pin['version']
              and w.name.split('-')[0].lower().replace('_', '-') == pin['name'].lower().replace('_', '-')]
    if len(wheels) != 1:
        raise SystemExit(f"expected one wheel of {pin['name']}=={pin['version']} in {folder}, found {wheels}")
    if not wheels[0].name.endswith('-py3-none-any.whl'):
        raise SystemExit(f'{wheels[0].name} is not a pure-Python wheel: Pyodide cannot load it from site-packages')
    return wheels[0]


def kept(entry: str, packages: list[str]) -> bool:
    """A package's own .py files, without tests; the dist-info's METADATA and licence files."""
    parts = entry.split('/')
    if parts[0] in packages:
        return entry.endswith('.py') and 'tests' not in parts and '__pycache__' not in parts
    if parts[0].endswith('.dist-info'):
        return parts[-1] == 'METADATA' or parts[-1].upper().startswith(LICENCE_NAMES)
    return False


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    archive = OUT / 'site-packages.zip'
    sources = []
    entries: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory() as temp:
        for pin in PINS:
            wheel = download(pin, pathlib.Path(temp))
            with zipfile.ZipFile(wheel) as zf:
                names = sorted(name for name in zf.namelist() if kept(name, pin['packages']))
                for name in names:
                    entries[name] = zf.read(name)
                metadata_name = next(name for name in names if name.endswith('.dist-info/METADATA'))
                metadata = email.parser.Parser().parsestr(entries[metadata_name].decode())
            sources.append({
                'name': pin['name'], 'version': pin['version'], 'wheel': wheel.name,
                'sha256': hashlib.sha256(wheel.read_bytes()).hexdigest(), 'license': pin['license'],
                'licenseInMetadata': metadata.get('License-Expression') or metadata.get('License', '').splitlines()[0],
                'packages': pin['packages'], 'files': len(names), 'left out': 'tests/, non-Python data files, RECORD'})
    with zipfile.ZipFile(archive, 'w', zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, entries[name])
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    (OUT / 'SOURCES.json').write_text(json.dumps({
        'archive': archive.name, 'sha256': digest,
        'note': 'Pure-Python packages for the Pyodide sandbox, taken from the pinned PyPI wheels below by '
                'scripts/vendor_python_packages.py; each licence file travels in the archive under its dist-info.',
        'packages': sources}, indent=2) + '\n')
    print(f'{archive}: {archive.stat().st_size} bytes, sha256 {digest}')


if __name__ == '__main__':
    main()
