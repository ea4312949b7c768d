"""One stream consumer of the local stage, as one Lambda event source mapping: its own position in every
shard, its own retries and partial batch failures, its own give-ups to the on-failure file."""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chalice.app import Chalice

from local.checkpoints import Checkpoints, Positions
from local.events import lambda_context, stream_record

log = logging.getLogger("local.pump")


@dataclass
class _Shard:
    stream_arn: str
    shard_id: str
    iterator: str | None
    last_sequence: str | None = None  # the last record delivered or given up on
    # Read but not yet delivered: the batching window is gathering a bigger batch (not checkpointed, so a
    # restart reads them again).
    gathered: list[dict[str, Any]] = field(default_factory=list)
    gathering_since: float = 0.0


class FailureFile:
    """Lambda's on-failure destination, for every consumer: records kept where a person can find them."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()  # consumers give up from their own threads

    def write(self, handler_name: str, records: list[dict[str, Any]], attempts: int) -> None:
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as out:
                for record in records:
                    out.write(json.dumps({"handler": handler_name, "attempts": attempts, "record": record}) + "\n")


class Consumer:
    """Feeds `app.handler_map[handler_name]` from every streamed table that `tables` accepts."""

    def __init__(
        self, *, handler_name: str, app: Chalice, dynamodb: Any, streams: Any, region: str, failures: FailureFile,
        tables: Callable[[str], bool], batch_size: int, max_attempts: int, backoff_seconds: float,
        discovery_seconds: float, checkpoints: Checkpoints | None = None, parallelization: int = 1,
        batching_window_seconds: float = 0.0,
    ) -> None:
        self.handler_name, self._app = handler_name, app
        self._dynamodb, self._streams, self._region = dynamodb, streams, region
        self._failures, self._wanted = failures, tables
        self._batch_size, self._max_attempts, self._backoff = batch_size, max_attempts, backoff_seconds
        self._discovery_interval = discovery_seconds
        self._shards: dict[tuple[str, str], _Shard] = {}
        self._lock = threading.Lock()
        self._discovered_at = 0.0
        self._checkpoints = checkpoints
        self._saved: Positions = {}
        self._parallelization = parallelization
        self._window = batching_window_seconds
        self._hash_keys: dict[str, str] = {}  # stream ARN -> its table's partition key
        self._workers = (ThreadPoolExecutor(max_workers=parallelization, thread_name_prefix=f"{handler_name}-part")
                         if parallelization > 1 else None)

    def attach(self) -> None:
        """Positions the consumer in every shard there is now: right after its checkpoint when it has one, from
        its first record when the consumer read that stream before (the shard is newer than the checkpoint),
        else at LATEST. Without checkpoints: LATEST everywhere."""
        with self._lock:
            self._saved = self._checkpoints.load() if self._checkpoints is not None else {}
            self._discover(start_at="LATEST")

    def close(self) -> None:
        """Lets the threads of its parts go (after the batch in hand)."""
        if self._workers is not None:
            self._workers.shutdown(wait=True)

    def discover_new_shards(self) -> None:
        """A shard created since the last look is read from its first record."""
        with self._lock:
            self._discover(start_at="TRIM_HORIZON")

    def poll_once(self, *, gather: bool = False) -> int:
        """One GetRecords on every shard, each batch delivered; returns the number of records delivered.

        With `gather` (the consumer's own thread), a batch smaller than the batch size waits, as Lambda's
        batching window does, until the window has passed since its first record: fewer, bigger invocations.
        Without it (a settle, a stop), what was read is delivered at once."""
        with self._lock:
            if time.monotonic() - self._discovered_at >= self._discovery_interval:
                self._discover(start_at="TRIM_HORIZON")  # a shard created after start: read it all
            return sum(self._poll_shard(shard, gather=gather) for shard in list(self._shards.values()))

    def drain(self, deadline: float) -> int:
        """Polls until a pass over every shard, new ones included, finds nothing; returns the records seen.

        Shards are looked for once at the start and once more when the known ones are empty (the streams'
        description is the costliest call there is; records come far more often than shards). Raises
        TimeoutError at `deadline` (time.monotonic()) if records keep coming.
        """
        seen, started, looked = 0, time.monotonic(), False
        self.discover_new_shards()
        while True:
            found = self.poll_once()
            if found == 0 and not looked:
                self.discover_new_shards()  # a shard opened meanwhile: read it too before saying it is empty
                looked = True
                continue
            if found == 0:
                if seen:
                    log.info("stream drained", extra={"handler": self.handler_name, "records": seen,
                                                      "seconds": round(time.monotonic() - started, 2)})
                return seen
            seen, looked = seen + found, False
            if time.monotonic() > deadline:
                raise TimeoutError(f"stream records are still arriving for {self.handler_name}")

    # -- shards ------------------------------------------------------------------------------

    def _discover(self, *, start_at: str) -> None:
        self._discovered_at = time.monotonic()
        live: set[tuple[str, str]] = set()
        added = False
        for stream_arn in self._stream_arns():
            for shard_id in self._shard_ids(stream_arn):
                key = (stream_arn, shard_id)
                live.add(key)
                if key not in self._shards:
                    self._shards[key] = self._open(stream_arn, shard_id, start_at)
                    added = True
        for key in set(self._shards) - live:  # table deleted or stream disabled
            del self._shards[key]
        if added:
            self._save()  # a restart will read these shards from here at the latest, never from LATEST again

    def _open(self, stream_arn: str, shard_id: str, start_at: str) -> _Shard:
        after = self._saved.get((stream_arn, shard_id))
        if (stream_arn, shard_id) in self._saved or any(stream == stream_arn for stream, _ in self._saved):
            start_at = "TRIM_HORIZON"  # a stream read before: never skip what it holds
        iterator = None
        if after is not None:
            try:
                iterator = self._iterator(stream_arn, shard_id, "AFTER_SEQUENCE_NUMBER", after)
                start_at = f"after {after}"
            except Exception:
                log.warning("saved stream position refused, reading the shard from its first record",
                            extra={"handler": self.handler_name, "shard": shard_id, "after": after}, exc_info=True)
                after = None
        if iterator is None:
            iterator = self._iterator(stream_arn, shard_id, start_at)
        log.info("reading stream shard", extra={"handler": self.handler_name, "stream": stream_arn,
                                                "shard": shard_id, "from": start_at})
        return _Shard(stream_arn, shard_id, iterator, last_sequence=after)

    def _save(self) -> None:
        if self._checkpoints is not None:
            self._saved = {key: shard.last_sequence for key, shard in self._shards.items()}
            self._checkpoints.save(self._saved)

    def _stream_arns(self) -> list[str]:
        arns = []
        for page in self._dynamodb.get_paginator("list_tables").paginate():
            for name in page["TableNames"]:
                if not self._wanted(name):
                    continue
                table = self._dynamodb.describe_table(TableName=name)["Table"]
                if table.get("StreamSpecification", {}).get("StreamEnabled") and table.get("LatestStreamArn"):
                    arns.append(table["LatestStreamArn"])
                    self._hash_keys[table["LatestStreamArn"]] = next(
                        key["AttributeName"] for key in table["KeySchema"] if key["KeyType"] == "HASH")
        return arns

    def _shard_ids(self, stream_arn: str) -> list[str]:
        ids: list[str] = []
        request: dict[str, Any] = {"StreamArn": stream_arn}
        while True:
            description = self._streams.describe_stream(**request)["StreamDescription"]
            ids += [shard["ShardId"] for shard in description.get("Shards", [])]
            if not description.get("LastEvaluatedShardId"):
                return ids
            request["ExclusiveStartShardId"] = description["LastEvaluatedShardId"]

    def _iterator(self, stream_arn: str, shard_id: str, kind: str, sequence: str | None = None) -> str | None:
        request = {"StreamArn": stream_arn, "ShardId": shard_id, "ShardIteratorType": kind}
        if sequence is not None:
            request["SequenceNumber"] = sequence
        iterator: str | None = self._streams.get_shard_iterator(**request).get("ShardIterator")
        return iterator

    def _poll_shard(self, shard: _Shard, *, gather: bool = False) -> int:
        # As Lambda with a parallelization factor: that many batches of one shard at a time.
        room = self._batch_size * self._parallelization - len(shard.gathered)
        if shard.iterator is not None and room > 0:
            try:
                answer = self._streams.get_records(ShardIterator=shard.iterator, Limit=room)
            except Exception:
                # Expired or unknown iterator: resume right after the last record handled, never skip.
                log.warning("shard iterator lost, resuming", extra={"handler": self.handler_name,
                                                                    "shard": shard.shard_id}, exc_info=True)
                shard.gathered = []  # read again from the last record handled
                after = shard.last_sequence
                shard.iterator = (self._iterator(shard.stream_arn, shard.shard_id, "TRIM_HORIZON") if after is None
                                  else self._iterator(shard.stream_arn, shard.shard_id, "AFTER_SEQUENCE_NUMBER", after))
                return 0
            if answer["Records"] and not shard.gathered:
                shard.gathering_since = time.monotonic()
            shard.gathered += [stream_record(raw, stream_arn=shard.stream_arn, region=self._region)
                               for raw in answer["Records"]]
            shard.iterator = answer.get("NextShardIterator")
        records = shard.gathered
        if not records or (gather and len(records) < self._batch_size * self._parallelization
                           and shard.iterator is not None
                           and time.monotonic() - shard.gathering_since < self._window):
            return 0
        self._deliver_in_parallel(records)
        shard.last_sequence = records[-1]["dynamodb"]["SequenceNumber"]
        shard.gathered = []
        self._save()
        return len(records)

    # -- delivery ----------------------------------------------------------------------------

    def _deliver_in_parallel(self, records: list[dict[str, Any]]) -> None:
        """As Lambda's parallelization factor: the records read from the shard (up to that many batches) split by
        partition key, each part delivered on its own and at the same time in batches of at most the batch size,
        so the records of one partition stay in order. Returns once every part is processed or given up on; the
        checkpoint then moves past them all."""
        if self._workers is None or len(records) < 2:
            self._deliver_batches(records)
            return
        parts: dict[int, list[dict[str, Any]]] = {}
        for record in records:
            hash_key = self._hash_keys.get(record["eventSourceARN"], "")
            parts.setdefault(_part(record, hash_key, self._parallelization), []).append(record)
        for done in [self._workers.submit(self._deliver_batches, part) for part in parts.values()]:
            done.result()

    def _deliver_batches(self, records: list[dict[str, Any]]) -> None:
        """In order, in batches of at most the batch size."""
        for start in range(0, len(records), self._batch_size):
            self._deliver(records[start:start + self._batch_size])

    def _deliver(self, records: list[dict[str, Any]]) -> None:
        """Returns once every record is processed or given up on, in order."""
        pending, attempts = records, 0
        while pending:
            attempts += 1
            failed_from = self._invoke(pending)
            if failed_from is None:
                return
            if failed_from > 0:  # progress: the records before the first failure are done
                pending, attempts = pending[failed_from:], 1
            if attempts >= self._max_attempts:
                self._give_up(pending, attempts)
                return
            time.sleep(self._backoff * 2 ** (attempts - 1))

    def _invoke(self, records: list[dict[str, Any]]) -> int | None:
        """Calls the handler; None when the whole batch succeeded, else the index to resume from."""
        handler = self._app.handler_map[self.handler_name]
        context = lambda_context(f"comptoir-local-{self.handler_name}", timeout_seconds=900, region=self._region)
        try:
            result = handler({"Records": records}, context)
        except Exception:
            log.exception(
                "stream batch failed, will retry",
                extra={"handler": self.handler_name, "first": records[0]["dynamodb"]["SequenceNumber"],
                       "size": len(records)},
            )
            return 0
        failures = result.get("batchItemFailures") if isinstance(result, dict) else None
        if not failures:
            return None
        positions = {record["dynamodb"]["SequenceNumber"]: index for index, record in enumerate(records)}
        identifiers = [failure.get("itemIdentifier") if isinstance(failure, dict) else None for failure in failures]
        # Like Lambda: an identifier that is not in the batch fails the whole batch.
        first = min(positions.get(str(identifier), 0) for identifier in identifiers)
        log.warning(
            "stream batch partly failed, resuming at the first failure",
            extra={"handler": self.handler_name, "resume_at": records[first]["dynamodb"]["SequenceNumber"]},
        )
        return first

    def _give_up(self, records: list[dict[str, Any]], attempts: int) -> None:
        # Lambda's on-failure destination: keep the records where a person can find them, move on.
        self._failures.write(self.handler_name, records, attempts)
        log.error(
            "STREAM RECORDS DROPPED after retries: written to the on-failure file",
            extra={"handler": self.handler_name, "count": len(records), "attempts": attempts,
                   "file": str(self._failures.path)},
        )


def _part(record: dict[str, Any], hash_key: str, parts: int) -> int:
    """Which part of a batch a record goes to: the same for every record of one partition, whatever the run."""
    keys = record["dynamodb"]["Keys"]
    partition = keys.get(hash_key, keys)
    digest = hashlib.blake2b(json.dumps(partition, sort_keys=True).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") % parts
