"""The stream pump: reads the DynamoDB streams of the local backend and feeds each stream consumer of the app as its
own Lambda event source mapping does — batches of up to 100 records in shard order, gathered for the mapping's
batching window by the consumer's own thread (a settle takes what is there at once), a batch retried when
the handler raises, partial batch failure (`batchItemFailures`) honoured, and after the last attempt the
records go to an on-failure file instead of blocking the shard forever.

Each consumer has its own position in every shard, its own retries and its own thread, as on AWS: a
consumer that keeps failing (statistics, say) never holds back another (the messages customers wait for).
With a checkpoint folder, each consumer saves its position in every shard after each batch and a restart
resumes right after it, so what was written just before a crash is still processed.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from chalice.app import Chalice

from local.checkpoints import Checkpoints
from local.consumer import Consumer, FailureFile
from local.events import stream_consumers

log = logging.getLogger("local.pump")


class StreamPump:
    """Delivers every streamed table's records to each of `handler_names` (by default every function the
    app registers on a DynamoDB stream), each consumer on its own.

    `poll_once()` and `drain()` take each consumer's lock, so its thread and a caller of `drain()` (the
    settle route) never deliver the same batch twice or out of order.
    """

    def __init__(
        self,
        *,
        app: Chalice,
        dynamodb: Any,
        streams: Any,
        region: str,
        failed_records: Path,
        handler_names: Sequence[str] | None = None,
        tables: Callable[[str], bool] = lambda _name: True,
        batch_size: int = 100,
        max_attempts: int = 5,
        backoff_seconds: float = 0.05,
        idle_seconds: float = 0.15,
        discovery_seconds: float = 2.0,
        checkpoint_dir: Path | None = None,
        parallelization: Mapping[str, int] | None = None,
        batching_windows: Mapping[str, float] | None = None,
    ) -> None:
        names = list(stream_consumers(app) if handler_names is None else handler_names)
        if not names:
            raise ValueError("the app registers no function on a DynamoDB stream")
        failures = FailureFile(failed_records)
        self.consumers = [
            Consumer(
                handler_name=name, app=app, dynamodb=dynamodb, streams=streams, region=region, failures=failures,
                tables=tables, batch_size=batch_size, max_attempts=max_attempts, backoff_seconds=backoff_seconds,
                discovery_seconds=discovery_seconds,
                checkpoints=None if checkpoint_dir is None else Checkpoints(checkpoint_dir / f"{name}.json"),
                parallelization=(parallelization or {}).get(name, 1),
                batching_window_seconds=(batching_windows or {}).get(name, 0.0),
            )
            for name in names
        ]
        self._idle = idle_seconds
        self._stopping = threading.Event()
        self._threads = [
            threading.Thread(target=self._run, args=(c,), name=f"stream-pump-{c.handler_name}", daemon=True)
            for c in self.consumers
        ]

    # -- lifecycle ---------------------------------------------------------------------------

    def attach(self) -> None:
        """Positions every consumer in every existing shard: right after its checkpoint when the pump keeps
        them (`checkpoint_dir`), else at LATEST (a first start: what is already there is not this pump's)."""
        for consumer in self.consumers:
            consumer.attach()

    def start(self) -> None:
        """`attach()`, then each consumer polls in its own thread."""
        self.attach()
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        self._stopping.set()
        for thread in self._threads:
            if thread.is_alive():
                thread.join(timeout=30)

    def close(self) -> None:
        """After `stop()` and a last `drain()`: the threads that deliver the parts of a batch go too."""
        for consumer in self.consumers:
            consumer.close()

    # -- polling -----------------------------------------------------------------------------

    def poll_once(self) -> int:
        """One GetRecords per consumer and shard, each batch delivered; returns the deliveries (a record
        delivered to three consumers counts three times)."""
        return sum(consumer.poll_once() for consumer in self.consumers)

    def drain(self, deadline: float) -> int:
        """Polls until a full pass over every consumer and shard finds nothing; returns the deliveries.

        The consumers drain side by side, each in a thread of its own, as their Lambda functions would run:
        the settle route waits for the slowest instead of the sum. Raises TimeoutError at `deadline`
        (time.monotonic()) if records keep coming.
        """
        if len(self.consumers) == 1:
            return self.consumers[0].drain(deadline)
        with ThreadPoolExecutor(max_workers=len(self.consumers), thread_name_prefix="stream-drain") as pool:
            drains = [pool.submit(consumer.drain, deadline) for consumer in self.consumers]
            return sum(drain.result() for drain in drains)

    def _run(self, consumer: Consumer) -> None:
        while not self._stopping.is_set():
            try:
                seen = consumer.poll_once(gather=True)  # the batching window applies here, not to a drain
            except Exception:
                log.exception("stream poll failed", extra={"handler": consumer.handler_name})
                seen = 0
            if seen == 0:
                self._stopping.wait(self._idle)
