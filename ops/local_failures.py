"""Failed stream records of the local stage: the pump's on-failure file, listed and replayed.

A replay first moves the file aside (the pump opens it anew for each give-up, so nothing it writes meanwhile
is lost), hands each record alone to its consumer, appends what succeeded to the replayed file and puts what
failed again back into the failure file. A replay cut short resumes with the file it moved aside, skipping
what the replayed file already holds: no record is replayed twice."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


class FileFailures:
    def __init__(self, path: Path, app: Any, region: str) -> None:
        self.path = path
        self.replaying = path.with_suffix(".replaying.jsonl")
        self.replayed = path.with_suffix(".replayed.jsonl")
        self._app, self._region = app, region

    def entries(self) -> list[dict[str, Any]]:
        return [_describe(entry) for source in (self.replaying, self.path) for entry in _read(source)]

    def replay(self, dry_run: bool = False) -> list[dict[str, Any]]:
        if dry_run:
            return [{**entry, "outcome": "would replay"} for entry in self.entries()]
        if not self.replaying.exists() and self.path.exists():
            os.replace(self.path, self.replaying)
        done = {_identity(entry) for entry in _read(self.replayed)}
        outcomes = []
        for entry in _read(self.replaying):
            if _identity(entry) in done:
                outcomes.append({**_describe(entry), "outcome": "replayed already"})
                continue
            failure = self._invoke(entry)
            _append(self.path if failure else self.replayed, entry)
            done.add(_identity(entry))
            outcomes.append({**_describe(entry), "outcome": f"failed again: {failure}, back in the failure file"
                             if failure else "replayed"})
        self.replaying.unlink(missing_ok=True)
        return outcomes

    def _invoke(self, entry: dict[str, Any]) -> str | None:
        """None when the consumer took the record, else why not."""
        from local.events import lambda_context

        handler = self._app.handler_map.get(entry["handler"])
        if handler is None:
            return f"no consumer {entry['handler']}"
        context = lambda_context(f"comptoir-ops-{entry['handler']}", timeout_seconds=900, region=self._region)
        try:
            result = handler({"Records": [entry["record"]]}, context)
        except Exception as error:  # the consumer's own failure, reported to the operator
            return f"{type(error).__name__}: {error}"
        if isinstance(result, dict) and result.get("batchItemFailures"):
            return "the consumer reported the record as failed"
        return None


def _read(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _append(path: Path, entry: dict[str, Any]) -> None:
    with path.open("a", encoding="utf-8") as out:
        out.write(json.dumps(entry) + "\n")


def _identity(entry: dict[str, Any]) -> tuple[str, str]:
    return entry["handler"], entry["record"]["dynamodb"]["SequenceNumber"]


def _describe(entry: dict[str, Any]) -> dict[str, Any]:
    record = entry["record"]
    keys = {name: next(iter(value.values())) for name, value in record["dynamodb"].get("Keys", {}).items()}
    return {"id": f"{entry['handler']}:{record['dynamodb']['SequenceNumber']}", "consumer": entry["handler"],
            "event": record.get("eventName"), "keys": keys, "attempts": entry.get("attempts")}
