"""The Lambda deployment package's zipped size, built offline from this environment's installed packages.

The real build (`infra.package.build_package`) downloads the lock's Linux wheels from PyPI; here the
same zip writer packs the app with the installed files of each distribution in requirements-lambda.txt
(from their RECORD, this machine's bytecode left out, a cold start's precompiled as the build does), so
the figure needs no network. The wheels are the same as
Lambda's where the versions match, which the detail line says; a locked distribution that is not
installed is stood in for by the installed one of the same top-level package, and named.
Also shown: what shipping the AWS SDK too would weigh (the lock's boto3, botocore and their own), and
`import app` from the unzipped package with bytecode writes off, as on Lambda's read-only code folder:
with the precompiled bytecode the package carries, and with its sources alone.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import zipfile
from importlib import metadata
from pathlib import Path
from typing import Any

from infra.package import LAMBDA_LOCK, app_files, imported_files, locked_versions, normalise, precompiled, write_zip

ROOT = Path(__file__).resolve().parent.parent
SDK = ("boto3", "botocore", "s3transfer", "python-dateutil", "six")  # what the runtime provides, with its own


def _installed(name: str) -> metadata.Distribution | None:
    try:
        return metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return None


def _stand_in(name: str) -> metadata.Distribution | None:
    """The installed distribution that provides the same top-level package (phonenumbers for phonenumberslite)."""
    top = name.removesuffix("lite").replace("-", "_")
    providers = metadata.packages_distributions().get(top, [])
    return _installed(providers[0]) if providers else None


def _files(dist: metadata.Distribution) -> list[tuple[Path, str]]:
    files: list[tuple[Path, str]] = []
    for entry in dist.files or []:
        name = entry.as_posix()
        if name.startswith("..") or "__pycache__" in name or name.endswith(".pyc"):
            continue  # console scripts outside site-packages, and this machine's bytecode
        path = Path(str(dist.locate_file(entry)))
        if path.is_file():
            files.append((path, name))
    return files


def _zip(names: list[str], notes: list[str], out: Path) -> float:
    files = list(app_files(ROOT))
    for name in names:
        dist = _installed(name)
        if dist is None and (dist := _stand_in(name)) is not None:
            notes.append(f"{name} not installed: stood in by {dist.metadata['Name']} {dist.version}")
        if dist is None:
            notes.append(f"{name} not installed: left out")
            continue
        files += _files(dist)
    bytecode = precompiled(files, imported_files([ROOT]) or set(), out.parent / "bytecode")
    write_zip(out, files + bytecode)
    return out.stat().st_size / 2**20


def _cold_import_ms(folder: Path, runs: int = 7) -> float:
    """Median `import app` time in fresh interpreters with `folder` first on the path and no bytecode written."""
    env = {**os.environ, "PYTHONPATH": str(folder), "PYTHONDONTWRITEBYTECODE": "1", "COMPTOIR_STAGE": "aws",
           "COMPTOIR_TOKEN_SECRET": "bench-token-secret-of-at-least-32-characters", "AWS_DEFAULT_REGION": "eu-west-3"}
    snippet = "import time; t = time.perf_counter(); import app; print(time.perf_counter() - t)"
    times = [float(subprocess.run([sys.executable, "-c", snippet], cwd=folder, env=env, capture_output=True,
                                  text=True, check=True).stdout) for _ in range(runs)]
    return statistics.median(times) * 1e3


def _unzip(archive: Path, folder: Path, bytecode: bool) -> Path:
    with zipfile.ZipFile(archive) as package:
        package.extractall(folder, [n for n in package.namelist() if bytecode or not n.endswith(".pyc")])
    return folder


def run(report: Any) -> None:
    pins = locked_versions(ROOT / LAMBDA_LOCK)
    notes: list[str] = []
    with tempfile.TemporaryDirectory() as directory:
        archive = Path(directory) / "zip" / "deployment.zip"
        archive.parent.mkdir()
        size = _zip(list(pins), notes, archive)
        with_bytecode = _cold_import_ms(_unzip(archive, Path(directory) / "with", bytecode=True))
        sources_only = _cold_import_ms(_unzip(archive, Path(directory) / "without", bytecode=False))
    installed = {name: dist.version for name in pins if (dist := _installed(name))}
    other_versions = [f"{name} {installed[name]} installed (lock {version})"
                      for name, version in pins.items() if installed.get(name, version) != version]
    report.info("package_zip_mib", round(size, 2),
                f"app + {len(pins)} locked distributions from the installed site-packages (offline), "
                f"deflate 9; {'; '.join(notes + other_versions) or 'all at the locked versions'}")
    report.info("package_cold_import_app_ms", round(with_bytecode, 1),
                "median of 7, from the unzipped package, no bytecode written (read-only as on Lambda)")
    report.info("package_cold_import_app_sources_only_ms", round(sources_only, 1),
                "the same without the precompiled bytecode: every module compiled at each cold start")
    with tempfile.TemporaryDirectory() as directory:
        with_sdk = _zip([*pins, *(normalise(n) for n in SDK)], [], Path(directory) / "deployment.zip")
    report.info("package_zip_with_sdk_mib", round(with_sdk, 2),
                "the same with boto3, botocore and their dependencies shipped instead of the runtime's")
