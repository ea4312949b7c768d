"""A brand's export, page by page: JSON lines to a file or stdout, progress on stderr, resumable.

With `--resume FILE`, after each page the cursor and the output's length are saved; a run that finds the
file truncates the output to that length and goes on from the cursor, so no item is lost or written twice."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Protocol


class ExportError(Exception):
    """The export cannot start or go on; the message says why."""


class Target(Protocol):
    def run(self, event: dict[str, Any]) -> dict[str, Any]: ...


def export_brand(target: Target, brand_id: str, *, out_path: str | None, resume_path: str | None,
                 stdout: Any, stderr: Any) -> int:
    """Writes every item of the brand; returns how many this run wrote."""
    if resume_path and not out_path:
        raise ExportError("--resume needs --out: a resumed export continues a file")
    state = _load(resume_path)
    if state.get("brand_id", brand_id) != brand_id:
        raise ExportError(f"{resume_path} is the cursor of brand {state['brand_id']}'s export")
    out = _open(out_path, state) if out_path else stdout
    cursor, written, pages = state.get("cursor"), state.get("items", 0), 0
    try:
        while True:
            answer = target.run({"command": "brands export", "brand_id": brand_id, "cursor": cursor})
            if "error" in answer:
                raise ExportError(f"{answer['error'].get('type')}: {answer['error'].get('detail')}")
            for item in answer["items"]:
                out.write(json.dumps(item, ensure_ascii=False, sort_keys=True) + "\n")
            out.flush()
            written, pages, cursor = written + len(answer["items"]), pages + 1, answer["cursor"]
            print(f"export {brand_id}: {answer['progress']}; {written} items", file=stderr, flush=True)
            if cursor is None:
                break
            _save(resume_path, {"brand_id": brand_id, "cursor": cursor, "items": written,
                                "offset": out.tell() if out_path else None})
    finally:
        if out_path:
            out.close()
    if resume_path:
        Path(resume_path).unlink(missing_ok=True)
    print(f"export {brand_id}: done, {written} items in {pages} pages", file=stderr, flush=True)
    return written


def _load(resume_path: str | None) -> dict[str, Any]:
    if not resume_path or not Path(resume_path).exists():
        return {}
    state: dict[str, Any] = json.loads(Path(resume_path).read_text())
    return state


def _save(resume_path: str | None, state: dict[str, Any]) -> None:
    if resume_path:
        temporary = Path(resume_path + ".tmp")
        temporary.write_text(json.dumps(state))
        temporary.replace(resume_path)  # never half a cursor


def _open(out_path: str, state: dict[str, Any]) -> Any:
    if state.get("offset") is None:
        return open(out_path, "w", encoding="utf-8")
    out = open(out_path, "r+", encoding="utf-8")
    out.seek(state["offset"])
    out.truncate()
    return out
