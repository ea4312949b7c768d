"""The sandbox clock: real time plus an offset that only grows, kept in the data folder across restarts."""
from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ..services.domain.errors import InvalidInput
from ..services.ports.clock import iso


class SandboxClock:
    def __init__(self, path: Path | None) -> None:
        self._path = path
        self._lock = threading.Lock()
        self._offset = timedelta(0)
        if path and path.exists():
            self._offset = timedelta(seconds=float(json.loads(path.read_text())["offset_seconds"]))

    def now(self) -> datetime:
        return datetime.now(UTC) + self._offset

    def set(self, when: datetime) -> datetime:
        with self._lock:
            current = self.now()
            if when < current:
                raise InvalidInput.field("now", f"time only moves forward: it is {iso(current)} already")
            self._offset += when - current
            self._save()
        return self.now()

    def advance(self, seconds: float) -> datetime:
        if seconds < 0:
            raise InvalidInput.field("advance_seconds", "time only moves forward")
        with self._lock:
            self._offset += timedelta(seconds=seconds)
            self._save()
        return self.now()

    def _save(self) -> None:
        if self._path:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self._path.with_suffix(".tmp")
            tmp.write_text(json.dumps({"offset_seconds": self._offset.total_seconds()}))
            tmp.replace(self._path)
