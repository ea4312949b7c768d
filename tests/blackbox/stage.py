"""The real local stage (`python -m local`, what `make dev` runs) in a subprocess, driven over HTTP.

It runs on Amazon's DynamoDB Local, started by the stage in a session of its own: a stage killed with
SIGKILL leaves it running, and the next start on the same data folder reuses it, as after a real crash.
"""
from __future__ import annotations

import json as json_module
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LocalStage:
    def __init__(self, data_dir: Path, *, dynamodb_port: int | None = None) -> None:
        self.data_dir = data_dir
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.dynamodb_port = dynamodb_port  # where DynamoDB Local listens (any free port when None)
        self.process: subprocess.Popen[bytes] | None = None
        self.log = data_dir / "stage.log"

    def start(self, timeout: float = 60) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "COMPTOIR_", "DYNAMODB_"))}
        env.update(PORT=str(self.port), COMPTOIR_DATA=str(self.data_dir), PYTHONUNBUFFERED="1")
        if self.dynamodb_port is not None:
            env["DYNAMODB_LOCAL_PORT"] = str(self.dynamodb_port)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        handle = self.log.open("ab")
        self.process = subprocess.Popen([sys.executable, "-m", "local"], cwd=ROOT, env=env, stdout=handle,
                                        stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the stage exited early:\n{self.log.read_text()[-3000:]}")
            try:
                if requests.get(self.base + "/sandbox/clock", timeout=1).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"the stage did not answer in {timeout} s:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> int:
        """Ctrl+C, as a person would; returns the exit code."""
        assert self.process is not None
        self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise

    def crash(self) -> None:
        """SIGKILL, as a crash would: nothing is flushed, DynamoDB Local lives on."""
        assert self.process is not None
        self.process.kill()
        self.process.wait()

    def stop_leftovers(self) -> None:
        """Stops the stage if it runs, and a DynamoDB Local a crashed stage left running (by its PID file)."""
        from local.dynamodb_local import PID_FILE, terminate

        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        try:
            pid = int(json_module.loads((self.data_dir / PID_FILE).read_text())["pid"])
        except (OSError, ValueError, KeyError):
            return
        terminate(pid)

    def call(self, method: str, path: str, json: Any = None, token: str | None = None,
             **kwargs: Any) -> requests.Response:
        headers = kwargs.pop("headers", {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return requests.request(method, self.base + path, json=json, headers=headers, timeout=30, **kwargs)

    def login(self, email: str = "admin@demo.test", password: str = "demo-password") -> str:
        answer = self.call("POST", "/v1/auth/login", {"email": email, "password": password})
        assert answer.status_code == 200, answer.text
        return answer.json()["token"]

    def settle(self) -> None:
        answer = self.call("POST", "/sandbox/settle")
        assert answer.status_code == 200, answer.text

    def text(self, body: str, sender: str = "+33612345678", to: str = "+15550000001") -> None:
        answer = self.call("POST", "/sandbox/sms", {"from": sender, "to": to, "body": body})
        assert answer.status_code == 202, answer.text
        self.settle()
