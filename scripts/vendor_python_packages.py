#!/usr/bin/env python3
"""Vendor pure-Python sympy and mpmath for the Pyodide sandbox, from Debian's packages (no network, no PyPI).

    apt-get install python3-sympy        # brings python3-mpmath
    python3 scripts/vendor_python_packages.py

Writes resources/python/site-packages.zip (the packages without tests or bytecode, deterministic: sorted entries,
fixed timestamps) and resources/python/SOURCES.json, which records where each package came from.
"""
import hashlib
import json
import pathlib
import subprocess
import zipfile

DIST = pathlib.Path('/usr/lib/python3/dist-packages')
PACKAGES = {'sympy': 'python3-sympy', 'mpmath': 'python3-mpmath'}
OUT = pathlib.Path(__file__).resolve().parent.parent / 'resources' / 'python'


def debian_version(package: str) -> str:
    return subprocess.run(['dpkg-query', '-W', '-f=${Version}', package], check=True, capture_output=True, text=True).stdout


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    archive = OUT / 'site-packages.zip'
    sources = []
    with zipfile.ZipFile(archive, 'w', zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, package in PACKAGES.items():
            root = DIST / name
            if not root.is_dir():
                raise SystemExit(f'{root} is missing: apt-get install {package}')
            files = sorted(p for p in root.rglob('*') if p.is_file() and p.suffix == '.py'
                           and '__pycache__' not in p.parts and 'tests' not in p.parts)
            for path in files:
                info = zipfile.ZipInfo(str(path.relative_to(DIST)), date_time=(2000, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, path.read_bytes())
            sources.append({'package': name, 'debianPackage': package, 'version': debian_version(package),
                            'from': str(root), 'files': len(files), 'left out': 'tests/, __pycache__/'})
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    (OUT / 'SOURCES.json').write_text(json.dumps({
        'archive': archive.name, 'sha256': digest,
        'note': 'Pure-Python packages for the Pyodide sandbox, copied from Debian packages by '
                'scripts/vendor_python_packages.py. sympy: BSD-3-Clause; mpmath: BSD-3-Clause.',
        'packages': sources}, indent=2) + '\n')
    print(f'{archive}: {archive.stat().st_size} bytes, sha256 {digest}')


if __name__ == '__main__':
    main()
