"""The lean, locked deployment package: the locks' shape, and a zip that is the same for the same sources."""
from __future__ import annotations

import hashlib
import re
import zipfile
from pathlib import Path

from infra.package import (
    LAMBDA_LOCK,
    app_files,
    imported_files,
    install_locked_wheels,
    locked_versions,
    normalise,
    precompiled,
    write_zip,
)

ROOT = Path(__file__).resolve().parents[2]
FULL_LOCK = ROOT / "requirements.txt"
RUNTIME_PROVIDED = {"boto3", "botocore", "s3transfer"}


def requirement_blocks(lock: Path) -> list[str]:
    """Each requirement of a lock with its continuation lines (`name==version \\ --hash=... \\ ...`)."""
    text = "\n".join(line for line in lock.read_text().splitlines() if not line.lstrip().startswith("#"))
    return [block for block in re.split(r"\n(?=\S)", text) if block.strip()]


def test_every_locked_requirement_carries_its_hashes() -> None:
    for lock in (FULL_LOCK, ROOT / LAMBDA_LOCK):
        blocks = requirement_blocks(lock)
        assert blocks, lock
        for block in blocks:
            assert "==" in block.splitlines()[0] and "--hash=sha256:" in block, block.splitlines()[0]


def test_the_shipped_lock_is_the_full_lock_without_the_sdk_and_without_twilios_asyncio_client() -> None:
    full, shipped = locked_versions(FULL_LOCK), locked_versions(ROOT / LAMBDA_LOCK)

    assert {name: full[name] for name in shipped} == shipped  # same versions: the tests run what ships
    assert set(full) - set(shipped) == RUNTIME_PROVIDED | {"python-dateutil", "six"}  # botocore's own
    assert not {"aiohttp", "aiohttp-retry"} & set(full)
    assert "phonenumberslite" in shipped and "phonenumbers" not in full


def test_every_top_level_requirement_is_locked_at_its_pin() -> None:
    full = locked_versions(FULL_LOCK)
    for name, version in locked_versions(ROOT / "requirements.in").items():
        assert full[name] == version, name


def test_the_app_uses_none_of_the_phone_data_that_phonenumberslite_leaves_out() -> None:
    sources = [p for folder in ("chalicelib", "local", "ops") for p in (ROOT / folder).rglob("*.py")]
    for path in [ROOT / "app.py", *sources]:
        text = path.read_text()
        assert not re.search(r"phonenumbers\W+(geocoder|carrier|timezone)", text), path


def test_names_are_normalised_as_pip_does() -> None:
    assert normalise("PyJWT") == "pyjwt" and normalise("aiohttp_retry") == normalise("AioHTTP.Retry")


def test_the_zip_is_the_same_bytes_for_the_same_sources(tmp_path: Path) -> None:
    source = tmp_path / "src"
    (source / "pkg").mkdir(parents=True)
    (source / "pkg" / "b.py").write_text("B = 2\n")
    (source / "a.py").write_text("A = 1\n")
    files = [(source / "pkg" / "b.py", "pkg/b.py"), (source / "a.py", "a.py")]

    first = write_zip(tmp_path / "one.zip", files)
    (source / "a.py").touch()  # a new modification time changes nothing
    second = write_zip(tmp_path / "two.zip", list(reversed(files)))

    assert first == second == hashlib.sha256((tmp_path / "two.zip").read_bytes()).hexdigest()
    infos = zipfile.ZipFile(tmp_path / "one.zip").infolist()
    assert [i.filename for i in infos] == ["a.py", "pkg/b.py"]
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}


def test_the_package_holds_the_app_and_chalices_runtime_without_bytecode() -> None:
    names = {name for _, name in app_files(ROOT)}

    assert {"app.py", "chalice/app.py", "chalice/__init__.py", "chalicelib/handlers/__init__.py"} <= names
    assert not [name for name in names if "__pycache__" in name or name.endswith(".pyc")]


def test_wheels_are_not_installed_again_while_the_lock_is_unchanged(tmp_path: Path) -> None:
    lock = tmp_path / "lock.txt"
    lock.write_text("nothing-on-pypi-by-this-name==1.0 --hash=sha256:00\n")
    target = tmp_path / "site"
    target.mkdir()
    (target / ".lock-sha256").write_text(hashlib.sha256(lock.read_bytes()).hexdigest())

    assert install_locked_wheels(lock, target) == target  # pip would fail on this lock: it was not run


def test_the_bytecode_of_what_a_cold_start_imports_ships_valid_whatever_the_files_times(tmp_path: Path) -> None:
    imported = imported_files([ROOT])
    assert imported is not None, "import app failed in a fresh interpreter"
    files = list(app_files(ROOT))

    compiled = {name: path for path, name in precompiled(files, imported, tmp_path)}

    assert {"__pycache__/app.cpython-311.pyc", "chalice/__pycache__/app.cpython-311.pyc",
            "chalicelib/handlers/__pycache__/__init__.cpython-311.pyc"} <= set(compiled)
    assert len(compiled) < len([name for _, name in files if name.endswith(".py")])  # only what is imported
    assert {int.from_bytes(path.read_bytes()[4:8], "little") for path in compiled.values()} == {1}  # unchecked hash
