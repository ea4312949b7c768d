"""Where one stream consumer stands in every shard, kept across restarts.

A small JSON file per consumer, rewritten after each batch it processed or gave up on, atomically
(a temporary file, flushed to disk, then renamed over the old one): a stage killed at any moment
leaves either the previous position or the new one, never half a file. A crash between a batch and
its checkpoint replays that batch at the next start, which the consumers, idempotent, absorb.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path

log = logging.getLogger("local.pump")

ShardKey = tuple[str, str]  # (stream ARN, shard id)
# The last sequence number processed in a shard; None: nothing processed yet, read it from its start.
Positions = dict[ShardKey, str | None]


class Checkpoints:
    """The last sequence number processed in each shard, for one consumer."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> Positions:
        """The saved positions; none when there is no file yet (or an unreadable one, said in the log)."""
        try:
            saved = json.loads(self.path.read_text(encoding="utf-8"))
            return {(entry["stream"], entry["shard"]): _after(entry["after"]) for entry in saved["shards"]}
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, KeyError, TypeError):
            log.warning("stream checkpoint unreadable, ignored", extra={"path": str(self.path)}, exc_info=True)
            return {}

    def save(self, positions: Positions) -> None:
        """Replaces the file with `positions`, all or nothing."""
        entries = [{"stream": stream, "shard": shard, "after": after}
                   for (stream, shard), after in sorted(positions.items())]
        self.path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=self.path.name, suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as out:
                json.dump({"shards": entries}, out)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def _after(value: object) -> str | None:
    return None if value is None else str(value)
