"""The embedded AWS-compatible backend: moto's server on 127.0.0.1, in this process.

This is moto's `ThreadedMotoServer` with two additions the local stage needs:
- one request at a time: moto evaluates a condition and applies the write in Python, so two
  threads may interleave between check and write; serialising requests gives each call the
  atomicity DynamoDB guarantees (conditional writes, transactions), and lets the snapshot take
  a consistent copy under the same lock;
- it reports write operations (`on_write`), so the snapshot knows when something changed
  whatever the writer (routes, stream handlers, the ticker, a test talking to moto directly).
It also expires shard iterators after 15 minutes as DynamoDB Streams does: moto keeps every
iterator it ever issued, and a stream poller issues a few per second; and its queries and
transactions cost what they touch rather than the whole table (`local.moto_speed`); a cancelled
transaction then leaves iterators on the live stream.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from typing import Any

from moto.dynamodb.models import dynamodb_backends
from moto.dynamodbstreams.models import dynamodbstreams_backends
from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)
from werkzeug.serving import BaseWSGIServer, make_server

from local import moto_speed

log = logging.getLogger("local.backend")

# DynamoDB operations that never change data; any other DynamoDB operation counts as a write.
_READS = frozenset(
    {
        "GetItem",
        "BatchGetItem",
        "Query",
        "Scan",
        "TransactGetItems",
        "DescribeTable",
        "ListTables",
        "DescribeTimeToLive",
        "ListTagsOfResource",
        "DescribeContinuousBackups",
        "DescribeLimits",
        "DescribeEndpoints",
        "DescribeKinesisStreamingDestination",
        "ListBackups",
        "ListGlobalTables",
    }
)
_ITERATOR_LIFETIME_SECONDS = 15 * 60


class LocalDynamoDB:
    """moto's server, serialised, with write notifications. `start()`, then use `endpoint`."""

    def __init__(self, *, host: str = "127.0.0.1", port: int = 0, on_write: Callable[[], None] | None = None) -> None:
        self.lock = threading.RLock()
        self._host, self._port = host, port
        self._on_write = on_write or (lambda: None)
        self._moto = DomainDispatcherApplication(create_backend_app)
        self._server: BaseWSGIServer | None = None
        self._threads: list[threading.Thread] = []
        self._stopping = threading.Event()
        self._old_iterators: set[str] = set()

    @property
    def endpoint(self) -> str:
        assert self._server is not None, "start() first"
        return f"http://{self._host}:{self._server.port}"

    def start(self) -> None:
        moto_speed.install()
        self._server = make_server(self._host, self._port, self._app, threaded=True, request_handler=MotoRequestHandler)
        server = self._server
        self._spawn("moto-server", lambda: server.serve_forever(poll_interval=0.1))  # quick to stop
        self._spawn("moto-housekeeping", self._expire_iterators_forever)

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)

    def _spawn(self, name: str, target: Callable[[], None]) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    def _app(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        service, _, operation = environ.get("HTTP_X_AMZ_TARGET", "").partition(".")
        with self.lock:
            result = self._moto(environ, start_response)
            try:
                body = list(result)  # the whole answer is computed while we hold the lock
            finally:
                close = getattr(result, "close", None)
                if close is not None:
                    close()
        if service.startswith("DynamoDB_") and operation not in _READS:
            self._on_write()
        return body

    def _expire_iterators_forever(self) -> None:
        # An iterator seen at one pass and still there at the next is at least 15 minutes old.
        while not self._stopping.wait(_ITERATOR_LIFETIME_SECONDS):
            self.expire_old_iterators()

    def expire_old_iterators(self) -> int:
        """Forgets the iterators that were already there at the previous call; returns how many."""
        expired = 0
        with self.lock:
            current: set[str] = set()
            for by_region in list(dynamodbstreams_backends.values()):
                for streams in list(by_region.values()):
                    for arn in list(streams.shard_iterators):
                        if arn in self._old_iterators:
                            del streams.shard_iterators[arn]
                            expired += 1
                        else:
                            current.add(arn)
            self._old_iterators = current
        if expired:
            log.debug("expired shard iterators", extra={"count": expired})
        return expired


def rebind_stream_iterators() -> int:
    """Points every shard iterator at its table's live stream shard; returns how many moved.

    moto's own TransactWriteItems, when cancelled, puts back deep copies of the tables it touched,
    stream shards included, so iterators issued before it would read a shard nothing writes
    to any more (tests running on moto without `local.transactions` call this).
    """
    live: dict[str, Any] = {}
    for by_region in list(dynamodb_backends.values()):
        for backend in list(by_region.values()):
            for table in list(backend.tables.values()):
                if table.stream_shard is not None:
                    live[table.table_arn] = table.stream_shard
    moved = 0
    for streams_by_region in list(dynamodbstreams_backends.values()):
        for streams in list(streams_by_region.values()):
            for iterator in list(streams.shard_iterators.values()):
                shard = live.get(iterator.stream_shard.table.table_arn)
                if shard is not None and shard is not iterator.stream_shard:
                    iterator.stream_shard = shard
                    moved += 1
    return moved
