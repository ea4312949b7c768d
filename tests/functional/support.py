"""The app in process: Chalice's test client over moto, the real stream handler fed from the table's stream."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from chalice.test import Client

from chalicelib import bootstrap, runtime
from chalicelib.config import from_env
from chalicelib.services.ports.clock import FixedClock
from local.seed import create_local_tables, seed_demo
from tests.streams_support import InProcessStream

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # a Monday, 10:00 in Paris
DEMO_NUMBER = "+15550000001"
ALICE = "+33612345678"


@dataclass
class Answer:
    status: int
    body: Any
    headers: dict[str, str]


class Stage:
    """Drives the app like a client would, with the clock and the stream in the test's hands."""

    def __init__(self) -> None:
        from app import app

        self.clock = FixedClock(START)
        self.container = bootstrap.bootstrap(from_env(), clock=self.clock, session_clock=self.clock,
                                             settle=lambda: self.settle())
        runtime.install(self.container)
        create_local_tables()
        seed_demo(self.container)
        self.stream = InProcessStream("comptoir", app)
        self.client = Client(app)
        self.app = app

    def settle(self) -> None:
        self.stream.drain()
        for job in self.container.minute_jobs:
            job()
        self.stream.drain()

    def call(self, method: str, path: str, body: Any = None, token: str | None = None,
             headers: dict[str, str] | None = None, raw: bytes | str | None = None) -> Answer:
        sent = {"Content-Type": "application/json", **(headers or {})}
        if token:
            sent["Authorization"] = f"Bearer {token}"
        payload = raw if raw is not None else (json.dumps(body) if body is not None else b"")
        response = self.client.http.request(method, path, headers=sent, body=payload)
        text = response.body.decode() if isinstance(response.body, bytes) else response.body
        try:
            parsed = json.loads(text) if text else None
        except ValueError:
            parsed = text
        return Answer(response.status_code, parsed, dict(response.headers))

    def login(self, email: str = "admin@demo.test", password: str = "demo-password") -> str:
        answer = self.call("POST", "/v1/auth/login", {"email": email, "password": password})
        assert answer.status == 200, answer.body
        return answer.body["token"]

    def text(self, body: str, sender: str = ALICE, to: str = DEMO_NUMBER) -> None:
        """A customer texts a store, and the stream catches up."""
        answer = self.call("POST", "/sandbox/sms", {"from": sender, "to": to, "body": body})
        assert answer.status == 202, answer.body
        self.settle()

    def only_thread(self, token: str) -> dict[str, Any]:
        items = self.call("GET", "/v1/threads?status=waiting,replied,resolved", token=token).body["items"]
        assert len(items) == 1, items
        return items[0]
