"""Fixtures of the local-stage tests: one DynamoDB Local (the stage's own backend), a table per test, a tiny
fake Chalice app standing in for Comptoir's (two stream consumers, a schedule, echo routes).

Every test uses its own table and reads only its own stream, so tests share the process safely.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from chalice.app import Chalice, Rate, Response

from local.dynamodb_local import DynamoDBLocal
from local.pump import StreamPump
from local.ticker import Ticker

REGION = "eu-west-3"

Behaviour = Callable[[list[dict[str, Any]]], Any]


class FakeComptoir:
    """What the fake app's handlers saw, and what they do next (scripted per call)."""

    def __init__(self) -> None:
        self.stream_calls: list[list[dict[str, Any]]] = []  # of the outbound consumer
        self.contexts: list[Any] = []
        self.sweeps: list[dict[str, Any]] = []
        self.stream_script: list[Behaviour] = []  # one behaviour per call, then success
        self.statistics_calls: list[list[dict[str, Any]]] = []  # of the second consumer, scripted apart
        self.statistics_script: list[Behaviour] = []
        self.on_record: Callable[[dict[str, Any]], None] = lambda _record: None
        self.on_sweep: Callable[[], None] = lambda: None
        self.settler: Callable[[], None] | None = None
        self.app = self._build()

    def delivered(self) -> list[dict[str, Any]]:
        """Every record of every call, in call order (a retried record appears again)."""
        return [record for call in self.stream_calls for record in call]

    def _build(self) -> Chalice:
        app = Chalice(app_name="fake-comptoir")

        stream_arn = "arn:aws:dynamodb:eu-west-3:123456789012:table/any/stream/label"

        @app.on_dynamodb_record(stream_arn=stream_arn)
        def handle_outbound_stream(event: Any) -> Any:
            records = [record.to_dict() for record in event]
            self.stream_calls.append(records)
            self.contexts.append(event.context)
            behaviour = self.stream_script.pop(0) if self.stream_script else None
            result = behaviour(records) if behaviour else None
            for record in records:
                self.on_record(record)
            return result

        @app.on_dynamodb_record(stream_arn=stream_arn)
        def handle_statistics_stream(event: Any) -> Any:
            records = [record.to_dict() for record in event]
            self.statistics_calls.append(records)
            behaviour = self.statistics_script.pop(0) if self.statistics_script else None
            return behaviour(records) if behaviour else None

        @app.schedule(Rate(1, unit=Rate.MINUTES))
        def sweep_timers(event: Any) -> None:
            self.sweeps.append(event.to_dict())
            self.on_sweep()

        @app.route("/echo/{name}", methods=["GET", "POST", "PUT", "DELETE"])
        def echo(name: str) -> dict[str, Any]:
            request = app.current_request
            return {
                "method": request.method,
                "name": name,
                "query": request.query_params,
                "headers": dict(request.headers),
                "body": request.raw_body.decode() if request.raw_body else None,
            }

        @app.route("/whoami/{name}")
        def whoami(name: str) -> dict[str, str]:
            time.sleep(0.02)  # long enough for another thread's request to arrive meanwhile
            return {"name": name, "current_request": app.current_request.uri_params["name"]}

        @app.route("/picture", methods=["POST"], content_types=["image/png"])
        def picture() -> Response:
            flipped = bytes(reversed(app.current_request.raw_body))
            return Response(body=flipped, headers={"Content-Type": "image/png"})

        @app.route("/created", methods=["POST"])
        def created() -> Response:
            return Response(
                body="<Response/>",
                status_code=201,
                headers={"Content-Type": "text/xml", "Location": "/things/1"},
            )

        @app.route("/sandbox/settle", methods=["POST"])
        def settle() -> dict[str, str]:
            assert self.settler is not None
            self.settler()
            return {"status": "settled"}

        return app


@pytest.fixture(scope="session")
def backend(dynamodb_local: DynamoDBLocal) -> DynamoDBLocal:
    """The session's DynamoDB Local (tests/conftest.py), shared with the contract suite."""
    return dynamodb_local


@pytest.fixture(scope="session")
def endpoint(backend: DynamoDBLocal) -> str:
    return backend.endpoint


@pytest.fixture
def fake() -> FakeComptoir:
    return FakeComptoir()


@pytest.fixture
def make_pump(
    fake: FakeComptoir, dynamodb: Any, streams: Any, table: str, tmp_path: Path
) -> Iterator[Callable[..., StreamPump]]:
    pumps: list[StreamPump] = []

    def make(**options: Any) -> StreamPump:
        settings: dict[str, Any] = {
            "app": fake.app,
            "dynamodb": dynamodb,
            "streams": streams,
            "region": REGION,
            "failed_records": tmp_path / "failed-stream-records.jsonl",
            "tables": lambda name: name == table,
            "backoff_seconds": 0.001,
            "idle_seconds": 0.01,
        }
        pump = StreamPump(**{**settings, **options})
        pumps.append(pump)
        return pump

    yield make
    for pump in pumps:
        pump.stop()


@pytest.fixture
def ticker(fake: FakeComptoir) -> Ticker:
    return Ticker(app=fake.app, region=REGION, interval=0.02)


@pytest.fixture
def wait_for() -> Callable[..., None]:
    """A short bounded poll for what a background thread does."""

    def poll(condition: Callable[[], bool], timeout: float = 5.0) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError("condition not met in time")
            time.sleep(0.01)

    return poll

