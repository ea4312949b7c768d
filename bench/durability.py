"""What survives a crash of the local stage: customers text continuously and an agent
answers, the stage's process group is killed with SIGKILL after a few seconds, the stage restarts on the
same data folder (DynamoDB Local left running, as a real crash leaves it: the stage finds it through its
PID file), settles, then the figures are read back over HTTP.

Everything goes to 127.0.0.1; every process started here is stopped at the end.
"""
from __future__ import annotations

import contextlib
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import requests

from .local_stage import Stage, fetch_dynamodb_local

RUN_SECONDS = 8.0
CUSTOMERS = 40  # texts cycle through them, so the agent has threads to answer
REPLY_EVERY_S = 0.3
WATCHDOG_ADVANCE_S = 600  # the delivery watchdog re-queues a reply stuck in `sending` after five minutes


class Traffic:
    """A customer sender and an agent answering, both until `stop` is set; they record what was accepted."""

    def __init__(self, stage: Stage, token: str) -> None:
        self.stage = stage
        self.token = token
        self.stop = threading.Event()
        self.accepted: list[str] = []  # customer texts answered 2xx
        self.replies: list[str] = []  # agent replies answered 201 (stored as queued)

    def send(self) -> None:
        i = 0
        while not self.stop.is_set():
            body = f"durability text {i}"
            with contextlib.suppress(requests.RequestException):
                if self.stage.text(f"+3362{i % CUSTOMERS:07d}", body, timeout=5):
                    self.accepted.append(body)
            i += 1

    def answer(self) -> None:
        k = 0
        while not self.stop.wait(REPLY_EVERY_S):
            with contextlib.suppress(requests.RequestException, KeyError, IndexError, ValueError):
                threads = self.stage.call("GET", "/v1/threads?limit=20", token=self.token, timeout=5).json()["items"]
                if not threads:
                    continue
                text = f"durability reply {k}"
                k += 1
                thread = threads[k % len(threads)]["id"]
                answer = self.stage.call("POST", f"/v1/threads/{thread}/messages", {"text": text},
                                         token=self.token, timeout=5)
                if answer.status_code == 201:
                    self.replies.append(text)


def _pages(stage: Stage, path: str, token: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = ""
    while True:
        sep = "&" if "?" in path else "?"
        answer = stage.call("GET", f"{path}{sep}limit=50{'&cursor=' + cursor if cursor else ''}", token=token)
        answer.raise_for_status()
        page = answer.json()
        items += page["items"]
        cursor = page.get("next_cursor") or ""
        if not cursor:
            return items


def _messages(stage: Stage, token: str) -> list[dict[str, Any]]:
    """Every message of every thread in the demo inbox, whatever its status."""
    threads = _pages(stage, "/v1/threads?status=waiting,replied,resolved", token)
    return [m for t in threads for m in _pages(stage, f"/v1/threads/{t['id']}/messages", token)]


def _crash_and_restart(stage: Stage) -> tuple[Traffic, float]:
    """Traffic for RUN_SECONDS, kill -9, restart; returns the traffic and the restart's seconds."""
    traffic = Traffic(stage, stage.login())
    workers = [threading.Thread(target=traffic.send), threading.Thread(target=traffic.answer)]
    for worker in workers:
        worker.start()
    time.sleep(RUN_SECONDS)
    stage.crash()
    traffic.stop.set()
    for worker in workers:
        worker.join(timeout=30)
    java_left = stage.java_pid()
    if java_left is None:
        raise RuntimeError("DynamoDB Local did not outlive the killed stage: the crash was not a real one")
    return traffic, stage.start()


def _measure() -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="comptoir-durability-") as tmp:
        stage = Stage(Path(tmp))
        try:
            stage.start()
            stage.settle()
            traffic, restart_s = _crash_and_restart(stage)
            stage.settle()
            token = stage.login()
            stage.call("POST", "/sandbox/clock", {"advance_seconds": WATCHDOG_ADVANCE_S}).raise_for_status()
            stage.settle()
            messages = _messages(stage, token)
            outbox = stage.call("GET", "/sandbox/outbox").json()["items"]
            reused = "reused" in stage.log.read_text().rsplit("Comptoir local stage is running", 1)[-1][:600]
        finally:
            stage.stop()
    stored_in = Counter(m["text"] for m in messages if m["direction"] == "in")
    replies = {m["text"]: m.get("status") for m in messages if m["direction"] == "out"}
    sent = Counter(item["body"].split("\n", 1)[0] for item in outbox)  # the store's signature follows the text
    return {
        "accepted": len(traffic.accepted),
        "missing": sum(1 for body in traffic.accepted if stored_in[body] == 0),
        "duplicated": sum(1 for body in traffic.accepted if stored_in[body] > 1),
        "queued": len(traffic.replies),
        "lost": sum(1 for text in traffic.replies if text not in replies),
        "once": sum(1 for text in traffic.replies if sent[text] == 1),
        "twice": sum(1 for text in traffic.replies if sent[text] > 1),
        "stuck": sum(1 for text in traffic.replies if replies.get(text) in ("queued", "sending")),
        "restart_s": restart_s,
        "reused": reused,
    }


def run(report: Any) -> None:
    fetch_dynamodb_local()
    f = _measure()
    java = f"; DynamoDB Local {'reused' if f['reused'] else 'NOT reused'} after the crash"
    report.info("durability_accepted", f["accepted"],
                f"customer texts answered 2xx in {RUN_SECONDS:.0f} s before kill -9 of the stage "
                f"(restart took {f['restart_s']:.1f} s{java})")
    report.info("durability_missing", f["missing"],
                f"accepted texts found in no thread after restart and settle ({f['duplicated']} stored twice)")
    report.info("durability_replies_queued", f["queued"], "agent replies answered 201 before the kill")
    report.info("durability_replies_delivered_once", f["once"],
                f"in /sandbox/outbox exactly once after settle; {f['twice']} more than once, "
                f"{f['lost']} not stored at all")
    report.info("durability_replies_stuck", f["stuck"],
                f"still queued or sending after settle, a clock advance of {WATCHDOG_ADVANCE_S // 60} minutes "
                f"and settle")


if __name__ == "__main__":
    from bench.__main__ import Report

    run(Report())
