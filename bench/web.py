"""The agent web client's download: gzip size of the bundled JavaScript (web/dist/assets/*.js), built when missing.

Measured here with Python's gzip module (level 9), not taken from Vite's own report.
"""
from __future__ import annotations

import gzip
import shutil
import subprocess
from pathlib import Path
from typing import Any

WEB = Path(__file__).resolve().parent.parent / "web"
BUDGET_KB = 150


def _bundles() -> list[Path]:
    return sorted((WEB / "dist" / "assets").glob("*.js"))


def run(report: Any) -> None:
    if not _bundles():
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError("npm is needed to build web/ (install Node.js 20+)")
        if not (WEB / "node_modules" / ".package-lock.json").exists():
            subprocess.run([npm, "install", "--no-audit", "--no-fund"], cwd=WEB, check=True)
        subprocess.run([npm, "run", "build"], cwd=WEB, check=True, capture_output=True)
    files = _bundles()
    size = sum(len(gzip.compress(f.read_bytes(), compresslevel=9)) for f in files)
    report.figure("web_inbox_js_gzip_kb", round(size / 1024, 1), BUDGET_KB,
                  f"{len(files)} file(s) in web/dist/assets, {sum(f.stat().st_size for f in files) / 1024:.1f} kB raw")
