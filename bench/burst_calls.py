"""DynamoDB calls per customer text on the local stage, by who makes them: the webhook (HTTP) and each stream
consumer. Runs the stage in this process (on DynamoDB Local, as `make dev`) so botocore's hooks see every call.

`python -m bench.burst_calls [texts]`: sends the texts 20 at a time, settles, and prints per consumer the
calls per text by operation, the stream records each consumer was given, and its invocations.
"""
from __future__ import annotations

# The counter goes in before anything creates a botocore session (see ddbcount.py).
from . import ddbcount

ddbcount.install()

import os  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from collections import Counter, defaultdict  # noqa: E402
from collections.abc import Callable  # noqa: E402
from concurrent.futures import ThreadPoolExecutor  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import requests  # noqa: E402

from .local_stage import BURST_WORKERS, DEMO_NUMBER, ROOT, free_port  # noqa: E402

_who = threading.local()


def _cpu(stage: Any) -> tuple[float, float]:
    """CPU seconds used so far by this process and by DynamoDB Local's Java process."""
    times = os.times()
    fields = Path(f"/proc/{stage.dynamodb_local.pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return times.user + times.system, (int(fields[11]) + int(fields[12])) / ticks


def _kind(record: dict[str, Any]) -> str:
    image = record["dynamodb"].get("NewImage") or record["dynamodb"].get("OldImage") or {}
    kind = image.get("kind", {}).get("S") or "(no kind) " + record["dynamodb"]["Keys"]["pk"]["S"].split("#")[0]
    return f"{record['eventName']} {kind}"


class Tally:
    """Every DynamoDB call, by the consumer whose handler made it ('webhook and HTTP' otherwise)."""

    def __init__(self) -> None:
        self.calls: dict[str, Counter[str]] = defaultdict(Counter)
        self.records: Counter[str] = Counter()
        self.invocations: Counter[str] = Counter()
        self.kinds: Counter[str] = Counter()
        self.busy: dict[str, float] = defaultdict(float)  # seconds in the handler, all parts added
        self.last_end: dict[str, float] = {}  # the records of the burst, by event and item kind
        self.active = False
        self._lock = threading.Lock()

    def __call__(self, model: Any = None, **_: Any) -> None:
        if self.active and model is not None:
            with self._lock:
                self.calls[getattr(_who, "name", "webhook, HTTP and pump")][model.name] += 1

    def wrap(self, name: str, handler: Callable[..., Any]) -> Callable[..., Any]:
        def tagged(event: dict[str, Any], context: Any) -> Any:
            if self.active:
                with self._lock:
                    self.records[name] += len(event.get("Records", []))
                    self.invocations[name] += 1
                    if name == next(iter(self.records)):
                        self.kinds.update(_kind(record) for record in event.get("Records", []))
            _who.name = name
            started = time.perf_counter()
            try:
                return handler(event, context)
            finally:
                _who.name = "webhook, HTTP and pump"
                with self._lock:
                    self.busy[name] += time.perf_counter() - started
                    self.last_end[name] = time.perf_counter()
        return tagged


def main(texts: int = 100) -> None:
    tally = Tally()
    from botocore import handlers

    handlers.BUILTIN_HANDLERS.append((ddbcount.EVENT, tally))
    handlers.BUILTIN_HANDLERS.append(("before-call.dynamodbstreams", tally))
    with tempfile.TemporaryDirectory(prefix="comptoir-calls-") as tmp:
        for key in [k for k in os.environ if k.startswith(("AWS_", "COMPTOIR_", "DYNAMODB_"))]:
            del os.environ[key]
        port = free_port()
        os.environ.update(PORT=str(port), COMPTOIR_DATA=tmp, LOG_LEVEL="WARNING")
        from local import logs, settings
        from local.events import stream_consumers
        from local.stage import LocalStage

        logs.configure("WARNING")
        stage = LocalStage(settings.read(), project_dir=ROOT)
        stage.start()
        try:
            _count(stage, tally, f"http://127.0.0.1:{port}", texts, stream_consumers)
        finally:
            stage.stop()


def _count(stage: Any, tally: Tally, base: str, texts: int, consumers: Callable[[Any], list[str]]) -> None:
    app = stage.pump.consumers[0]._app
    for name in consumers(app):
        app.handler_map[name] = tally.wrap(name, app.handler_map[name])
    requests.post(base + "/sandbox/settle", timeout=300).raise_for_status()  # the demo seed's records first
    tally.active = True

    def text(i: int) -> int:
        answer = requests.post(base + "/sandbox/sms", json={"from": f"+3362{i:07d}", "to": DEMO_NUMBER,
                                                            "body": f"Bonjour, order {i}?"}, timeout=60)
        return int(200 <= answer.status_code < 300)

    started, cpu_at_start = time.perf_counter(), _cpu(stage)
    with ThreadPoolExecutor(max_workers=BURST_WORKERS) as pool:
        accepted = sum(pool.map(text, range(texts)))
    sent = time.perf_counter() - started
    started, cpu = time.perf_counter(), _cpu(stage)
    settle_started, before_settle = started, dict(tally.records)
    requests.post(base + "/sandbox/settle", timeout=900).raise_for_status()
    settled = time.perf_counter() - started
    python_s, java_s = (after - before for after, before in zip(_cpu(stage), cpu, strict=True))
    python_all, java_all = (after - before for after, before in zip(_cpu(stage), cpu_at_start, strict=True))
    tally.active = False
    print(f"# {accepted}/{texts} texts accepted in {sent:.1f} s, settled in {settled:.1f} s (in process, "
          f"so slower than `python -m local`); CPU during the settle: Python {python_s:.1f} s, Java {java_s:.1f} s; "
          f"from the first text to settled: Python {python_all:.1f} s, Java {java_all:.1f} s")
    total = 0
    for who, ops in sorted(tally.calls.items()):
        count = sum(ops.values())
        total += count
        detail = ", ".join(f"{op} {n / texts:.2f}" for op, n in ops.most_common())
        left = tally.records[who] - before_settle.get(who, 0)
        handled = (f", {tally.busy[who]:.1f} s in the handler (its parts added), done "
                   f"{tally.last_end[who] - settle_started:.1f} s into the settle" if who in tally.last_end else "")
        print(f"{who}: {count / texts:.2f} calls per text ({detail}); records {tally.records[who]} ({left} left for "
              f"the settle), invocations {tally.invocations[who]}{handled}")
    print(f"total: {total / texts:.2f} DynamoDB calls per text")
    print("records per text: " + ", ".join(f"{kind} {n / texts:.2f}" for kind, n in tally.kinds.most_common()))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
