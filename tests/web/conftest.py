"""Builds the web client when web/dist is missing or older than its sources, then starts a real local stage."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.blackbox.stage import LocalStage

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "web"
DIST_INDEX = WEB / "dist" / "index.html"
CHROMIUM = Path("/usr/bin/chromium")


def _sources() -> list[Path]:
    names = ["index.html", "package.json", "package-lock.json", "vite.config.ts", "tsconfig.json"]
    return [WEB / n for n in names] + [p for p in (WEB / "src").rglob("*") if p.is_file()]


def _stale() -> bool:
    if not DIST_INDEX.exists():
        return True
    built = DIST_INDEX.stat().st_mtime
    return any(p.stat().st_mtime > built for p in _sources() if p.exists())


@pytest.fixture(scope="session")
def built_client() -> Path:
    if _stale():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm is needed to build web/ (install Node.js 20+)")
        # `npm ci`, as the Makefile: exactly the lock (it lists every platform's optional packages), never rewritten.
        if not (WEB / "node_modules" / ".package-lock.json").exists():
            subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=WEB, check=True)
        subprocess.run([npm, "run", "build"], cwd=WEB, check=True)
    return WEB / "dist"


@pytest.fixture(scope="module")
def web_stage(built_client, tmp_path_factory):
    local = LocalStage(tmp_path_factory.mktemp("webstage"))
    local.start()
    yield local
    if local.process and local.process.poll() is None:
        local.stop()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("/usr/bin/chromium is missing: apt-get install -y chromium (make test does it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM),
                              args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield b
        b.close()


@pytest.fixture()
def artifacts() -> Path:
    out = ROOT / "artifacts" / "web"
    out.mkdir(parents=True, exist_ok=True)
    return out
