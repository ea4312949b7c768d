"""The Lambda deployment package: the app, Chalice's runtime and the locked wheels, in one reproducible zip.

Chalice's own packager is not used: it hands `requirements.txt` to `pip download` for the host's
platform, then fetches each Linux wheel again by `name==version` without its hash, so the hashes of a
lock would not protect what ships. Here pip installs exactly `requirements-lambda.txt` for Lambda's
platform, hash-checked, without resolving anything (`--no-deps`: the lock is complete by construction).

The zip is deterministic (sorted entries, fixed timestamps and modes): the same sources give the same
bytes, so the same S3 key and a redeploy without changes is an empty change set.

Lambda's code folder is read-only, so Python cannot cache bytecode there and compiles every module it
imports on every cold start. The package therefore carries the bytecode of what a cold start imports
(`import app`: about a hundred modules), as unchecked-hash .pyc files (valid whatever the files' times);
the rest (most of twilio's REST API, say) stays source only, to keep the zip small.
"""
from __future__ import annotations

import hashlib
import inspect
import os
import py_compile
import subprocess
import sys
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

LAMBDA_LOCK = "requirements-lambda.txt"
# Lambda's python3.11 runtime runs on Amazon Linux 2 (glibc 2.26); every locked wheel is manylinux2014
# (glibc 2.17), which the lock's own compile (`make lock`, --only-binary) guarantees.
PLATFORM = ("--platform", "manylinux2014_x86_64", "--implementation", "cp", "--python-version", "3.11",
            "--only-binary=:all:")
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip entry can hold
_SKIPPED_DIRS = {"__pycache__", "bin"}  # bytecode of the build machine's Python; console scripts
# The environment of the cold-start import that finds the modules to precompile (no AWS call is made).
_COLD_START_ENV = {"COMPTOIR_STAGE": "aws", "COMPTOIR_TOKEN_SECRET": "build-time-import-only-" + "x" * 16,
                   "AWS_DEFAULT_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "none", "AWS_SECRET_ACCESS_KEY": "none"}
_LIST_IMPORTED = ("import sys, app; "
                  "print('\\n'.join(getattr(m, '__file__', None) or '' for m in list(sys.modules.values())))")


def locked_versions(lock: Path) -> dict[str, str]:
    """`{normalised name: version}` of a `name==version` lock (hash and comment lines ignored)."""
    pins: dict[str, str] = {}
    for line in lock.read_text().splitlines():
        line = line.split("#", 1)[0].strip().rstrip("\\").strip()
        if "==" in line and not line.startswith("-"):
            name, _, version = line.partition("==")
            pins[normalise(name)] = version.split(";", 1)[0].strip()
    return pins


def normalise(name: str) -> str:
    """PEP 503's normalised project name: `PyJWT` and `pyjwt`, `aiohttp_retry` and `aiohttp-retry` alike."""
    return "-".join(name.replace("_", "-").replace(".", "-").lower().split("-"))


def install_locked_wheels(lock: Path, target: Path) -> Path:
    """pip-installs the lock's Linux wheels into `target` (network: PyPI). Reinstalls only when the lock changed."""
    stamp = target / ".lock-sha256"
    digest = hashlib.sha256(lock.read_bytes()).hexdigest()
    if stamp.is_file() and stamp.read_text() == digest:
        return target
    if target.exists():
        subprocess.run(["rm", "-rf", str(target)], check=True)
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
               "--require-hashes", "--no-deps", "--no-compile", *PLATFORM, "--target", str(target), "-r", str(lock)]
    subprocess.run(command, check=True)
    stamp.write_text(digest)
    return target


def app_files(project_dir: Path) -> Iterator[tuple[Path, str]]:
    """The app's own files and Chalice's runtime (`chalice/app.py`, `chalice/__init__.py`), as Chalice ships them."""
    import chalice
    import chalice.app

    yield Path(inspect.getfile(chalice)), "chalice/__init__.py"
    yield Path(inspect.getfile(chalice.app)), "chalice/app.py"
    yield project_dir / "app.py", "app.py"
    yield from tree_files(project_dir / "chalicelib", "chalicelib")


def tree_files(root: Path, prefix: str = "") -> Iterator[tuple[Path, str]]:
    """Every file under `root` with its path in the zip, bytecode caches and console scripts left out."""
    for directory, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIPPED_DIRS)
        for filename in filenames:
            if filename.endswith(".pyc") or filename == ".lock-sha256":
                continue
            path = Path(directory) / filename
            relative = path.relative_to(root).as_posix()
            yield path, f"{prefix}/{relative}" if prefix else relative


def write_zip(out: Path, files: Iterable[tuple[Path, str]]) -> str:
    """Writes a deterministic zip of `(source, name in zip)` and returns its SHA-256."""
    out.parent.mkdir(parents=True, exist_ok=True)
    entries = sorted({name: source for source, name in files}.items())
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, source in entries:
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            executable = os.access(source, os.X_OK) and source.suffix == ".so"
            info.external_attr = (0o100755 if executable else 0o100644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, source.read_bytes(), compresslevel=9)
    return hashlib.sha256(out.read_bytes()).hexdigest()


def imported_files(paths: list[Path]) -> set[Path] | None:
    """The files `import app` loads in a fresh interpreter with `paths` first on its path (the AWS SDK comes
    from this environment, as on Lambda from the runtime); None when it cannot run here (not Linux x86_64)."""
    env = {**os.environ, **_COLD_START_ENV, "PYTHONPATH": os.pathsep.join(str(p) for p in paths),
           "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run([sys.executable, "-c", _LIST_IMPORTED], env=env, cwd=paths[0], capture_output=True,
                            text=True, check=False)
    if result.returncode != 0:
        return None
    return {Path(line).resolve() for line in result.stdout.splitlines() if line.endswith(".py")}


def precompiled(files: list[tuple[Path, str]], imported: set[Path], out_dir: Path) -> list[tuple[Path, str]]:
    """Unchecked-hash bytecode of the imported files among `files`, as `(pyc, name in zip)`."""
    if sys.version_info[:2] != (3, 11):  # the bytecode must be the Lambda runtime's Python's
        return []
    compiled: list[tuple[Path, str]] = []
    for source, name in files:
        if name.endswith(".py") and source.resolve() in imported:
            folder, _, filename = name.rpartition("/")
            pyc_name = f"{folder + '/' if folder else ''}__pycache__/{filename[:-3]}.cpython-311.pyc"
            cfile = out_dir / pyc_name
            py_compile.compile(str(source), cfile=str(cfile), dfile=name, doraise=True,
                               invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
            compiled.append((cfile, pyc_name))
    return compiled


def build_package(project_dir: Path, build_dir: Path) -> Path:
    """Installs the locked wheels for Lambda and zips them with the app: `build_dir/deployment.zip`."""
    site = install_locked_wheels(project_dir / LAMBDA_LOCK, build_dir / "site-packages")
    files = [*tree_files(site), *app_files(project_dir)]
    imported = imported_files([project_dir, site])
    if imported is None:
        print("Bytecode: not precompiled (the package's modules cannot be imported on this machine)")
    subprocess.run(["rm", "-rf", str(build_dir / "bytecode")], check=True)
    bytecode = precompiled(files, imported or set(), build_dir / "bytecode")
    out = build_dir / "deployment.zip"
    write_zip(out, files + bytecode)
    return out
