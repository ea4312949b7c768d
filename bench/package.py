"""The Lambda deployment package's zipped size, built offline from this environment's installed packages.

The real build (`infra.package.build_package`) downloads the lock's Linux wheels from PyPI; here the
same zip writer packs the app with the installed files of each distribution in requirements-lambda.txt
(from their RECORD, bytecode left out), so the figure needs no network. The wheels are the same as
Lambda's where the versions match, which the detail line says; a locked distribution that is not
installed is stood in for by the installed one of the same top-level package, and named.
Also shown: what shipping the AWS SDK too would weigh (the lock's boto3, botocore and their own).
"""
from __future__ import annotations

import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

from infra.package import LAMBDA_LOCK, app_files, locked_versions, normalise, write_zip

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


def _zip_size(names: list[str], notes: list[str]) -> float:
    files = list(app_files(ROOT))
    for name in names:
        dist = _installed(name)
        if dist is None and (dist := _stand_in(name)) is not None:
            notes.append(f"{name} not installed: stood in by {dist.metadata['Name']} {dist.version}")
        if dist is None:
            notes.append(f"{name} not installed: left out")
            continue
        files += _files(dist)
    with tempfile.TemporaryDirectory() as directory:
        out = Path(directory) / "deployment.zip"
        write_zip(out, files)
        return out.stat().st_size / 2**20


def run(report: Any) -> None:
    pins = locked_versions(ROOT / LAMBDA_LOCK)
    notes: list[str] = []
    size = _zip_size(list(pins), notes)
    installed = {name: dist.version for name in pins if (dist := _installed(name))}
    other_versions = [f"{name} {installed[name]} installed (lock {version})"
                      for name, version in pins.items() if installed.get(name, version) != version]
    report.info("package_zip_mib", round(size, 2),
                f"app + {len(pins)} locked distributions from the installed site-packages (offline), "
                f"deflate 9; {'; '.join(notes + other_versions) or 'all at the locked versions'}")
    with_sdk = _zip_size([*pins, *(normalise(n) for n in SDK)], [])
    report.info("package_zip_with_sdk_mib", round(with_sdk, 2),
                "the same with boto3, botocore and their dependencies shipped instead of the runtime's")
