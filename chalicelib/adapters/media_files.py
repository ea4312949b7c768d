"""Kept files in a folder (the local stage's data folder), or in memory when the stage keeps no folder."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from ..services.ports.media import File


class FolderMediaStore:
    """One file per key plus its content type beside it; written atomically, so a crash leaves no half file."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if self.root.resolve() not in path.parents:  # keys come from our ids, but never leave the folder
            raise ValueError("key outside the media folder")
        return path

    def put(self, key: str, file: File) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as out:
            out.write(file.data)
        os.replace(out.name, path)
        path.with_name(path.name + ".json").write_text(json.dumps({"content_type": file.content_type}))

    def open(self, key: str) -> File | str | None:
        path = self._path(key)
        if not path.is_file():
            return None
        meta = path.with_name(path.name + ".json")
        content_type = json.loads(meta.read_text()).get("content_type") if meta.is_file() else None
        return File(path.read_bytes(), content_type)

    def delete(self, key: str) -> None:
        path = self._path(key)
        path.unlink(missing_ok=True)
        path.with_name(path.name + ".json").unlink(missing_ok=True)


class MemoryMediaStore:
    """Kept files in memory (tests, and a local stage started without a data folder)."""

    def __init__(self) -> None:
        self.files: dict[str, File] = {}

    def put(self, key: str, file: File) -> None:
        self.files[key] = file

    def open(self, key: str) -> File | str | None:
        return self.files.get(key)

    def delete(self, key: str) -> None:
        self.files.pop(key, None)
