"""The local stage as `make dev` runs it (`python -m local` in a subprocess, on DynamoDB Local): start-up time,
memory, and how long it trails a burst of 500 customer texts.

Everything goes to 127.0.0.1. The stage runs in its own process group, so a bench can `kill -9` it the way
a crash would; DynamoDB Local's Java process runs in its own session and is found through its PID file.
"""
from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parent.parent
DEMO_LOGIN = {"email": "admin@demo.test", "password": "demo-password"}
DEMO_NUMBER = "+15550000001"
BURST = 500
BURST_WORKERS = 20
SETTLE_TARGET_S = 10
PID_FILE = "dynamodb-local.pid"  # where the stage records its Java process, in the data folder


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Stage:
    """One `python -m local` on `data_dir`, in its own process group; the same ports on every restart so a
    DynamoDB Local left running by a killed stage is the one the next start reuses."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.port = free_port()
        self.db_port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None
        self.log = data_dir / "stage.log"

    def start(self, timeout: float = 120) -> float:
        """Starts the stage; returns the seconds until its HTTP port answers and the demo admin can log in."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "COMPTOIR_", "DYNAMODB_"))}
        env.update(PORT=str(self.port), COMPTOIR_DATA=str(self.data_dir), PYTHONUNBUFFERED="1",
                   DYNAMODB_LOCAL_PORT=str(self.db_port))
        self.data_dir.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        with self.log.open("ab") as out:
            self.process = subprocess.Popen([sys.executable, "-m", "local"], cwd=ROOT, env=env, stdout=out,
                                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                            start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the stage exited early:\n{self.log.read_text()[-3000:]}")
            with contextlib.suppress(requests.RequestException):
                if requests.post(self.base + "/v1/auth/login", json=DEMO_LOGIN, timeout=2).status_code == 200:
                    return time.perf_counter() - started
            time.sleep(0.05)
        self.cleanup()
        raise RuntimeError(f"the stage did not answer in {timeout} s:\n{self.log.read_text()[-3000:]}")

    def java_pid(self) -> int | None:
        """DynamoDB Local's process, as the stage recorded it, when it is still running."""
        with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
            pid = int(json.loads((self.data_dir / PID_FILE).read_text())["pid"])
            if b"DynamoDBLocal.jar" in Path(f"/proc/{pid}/cmdline").read_bytes():
                return pid
        return None

    def rss_mb(self) -> float:
        """Resident memory of the stage process plus its DynamoDB Local, from /proc."""
        assert self.process is not None
        pids = [self.process.pid, *([p] if (p := self.java_pid()) is not None else [])]
        return sum(_rss_kb(pid) for pid in pids) / 1024

    def crash(self) -> None:
        """`kill -9` of the stage's process group; DynamoDB Local, in its own session, lives on."""
        assert self.process is not None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        """Ctrl+C, as a person would; then whatever is left is killed."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=30)
        self.cleanup()

    def cleanup(self) -> None:
        """No process left: the stage's group and DynamoDB Local."""
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        pid = self.java_pid()
        if pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            for _ in range(100):
                if self.java_pid() is None:
                    break
                time.sleep(0.05)

    def call(self, method: str, path: str, json_body: Any = None, token: str | None = None,
             timeout: float = 30) -> requests.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return requests.request(method, self.base + path, json=json_body, headers=headers, timeout=timeout)

    def login(self) -> str:
        answer = self.call("POST", "/v1/auth/login", DEMO_LOGIN)
        answer.raise_for_status()
        return str(answer.json()["token"])

    def text(self, sender: str, body: str, timeout: float = 30) -> bool:
        """A customer texts the demo store (a signed Twilio webhook); True when the stage accepted it."""
        answer = self.call("POST", "/sandbox/sms", {"from": sender, "to": DEMO_NUMBER, "body": body}, timeout=timeout)
        return 200 <= answer.status_code < 300

    def settle(self) -> float:
        started = time.perf_counter()
        answer = self.call("POST", "/sandbox/settle", timeout=900)
        if answer.status_code != 200:
            raise RuntimeError(f"the local stage did not settle: {answer.status_code} {answer.text[:300]}")
        return time.perf_counter() - started


def _rss_kb(pid: int) -> int:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def _burst(stage: Stage) -> tuple[int, float, float]:
    """500 customers text at once, 20 at a time; returns (accepted, seconds to send, seconds to settle)."""
    stage.settle()  # the demo seed's own records first
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=BURST_WORKERS) as pool:
        accepted = sum(pool.map(lambda i: stage.text(f"+3361{i:07d}", f"Bonjour, order {i}?"), range(BURST)))
    sent = time.perf_counter() - started
    return accepted, sent, stage.settle()


def fetch_dynamodb_local() -> None:
    """The pinned DynamoDB Local, fetched now when missing, so that no start-up time counts a download."""
    from local import dynamodb_local
    from local.stage import DYNAMODB_LOCAL_CACHE

    dynamodb_local.fetch(ROOT / DYNAMODB_LOCAL_CACHE)


def run(report: Any) -> None:
    fetch_dynamodb_local()
    with tempfile.TemporaryDirectory(prefix="comptoir-bench-") as tmp:
        stage = Stage(Path(tmp))
        try:
            start_s = stage.start()
            memory_mb = stage.rss_mb()
            accepted, sent_s, settle_s = _burst(stage)
            memory_after_mb = stage.rss_mb()
        finally:
            stage.stop()
    report.info("local_start_seconds", round(start_s, 2),
                "`python -m local` on an empty data folder until its port answers and the demo admin logs in")
    report.info("local_memory_mb", round(memory_mb),
                f"RSS of the stage and its DynamoDB Local Java process once started; {memory_after_mb:.0f} MB after "
                f"the burst")
    report.info(f"local_burst_{BURST}_settle_s", round(settle_s, 1),
                f"POST /sandbox/settle after {BURST} texts through POST /sandbox/sms ({BURST_WORKERS} at a time, "
                f"one customer each, {accepted} accepted in {sent_s:.1f} s); target: settled within "
                f"{SETTLE_TARGET_S} s")
    report.info(f"local_burst_{BURST}_settle_ratio", round(settle_s / sent_s, 2), "settle time / time to send them")


if __name__ == "__main__":
    from bench.__main__ import Report

    run(Report())
