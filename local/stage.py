"""The local stage put together: the order in which the parts start and stop is the point.

Start: check the HTTP port is free -> Amazon's DynamoDB Local on its files in the data folder (or the one a
killed stage left running) -> tables -> the app -> stream pump (one feed per stream consumer, each resuming
right after its checkpoint), started once the app's services are built with the stage's settle and
installed -> the sandbox's table -> demo seed (its writes flow through the streams like any other) ->
ticker, HTTP.
Stop: HTTP first (no new work), ticker, last records through the pump, DynamoDB Local.

Every write is on disk when DynamoDB Local answers it, and every consumer saves its position after each
batch: a stage stopped by Ctrl+C, `kill` or `kill -9` loses nothing it accepted, and what it had not yet
processed is processed after the restart.
"""

from __future__ import annotations

import importlib
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config as BotoConfig

from local import dynamodb_local
from local import settings as local_settings
from local.events import stream_consumers
from local.gateway import GatewayApp, web_root
from local.pump import StreamPump
from local.seed import seed_demo
from local.server import HttpServer, ensure_port_free
from local.settle import make_settler
from local.ticker import Ticker

log = logging.getLogger("local.stage")

SCHEDULE_HANDLER = "sweep_timers"
# What the stage calls in the app: the composition root builds the services, the runtime holds them.
APP_HOOKS = {"chalicelib.bootstrap": "bootstrap", "chalicelib.runtime": "install"}
FAILED_RECORDS_FILE = "failed-stream-records.jsonl"
CHECKPOINT_DIR = "stream-checkpoints"
DYNAMODB_LOCAL_CACHE = ".cache/dynamodb-local"


def _mapping_settings(attribute: str) -> dict[str, Any]:
    """One setting of each stream consumer's event source mapping, as the template declares it for AWS
    (`parallelization_factor`, `batching_window_seconds`)."""
    try:
        events = importlib.import_module("infra.events")
    except ImportError:
        return {}
    return {mapping.function.name: getattr(mapping, attribute) for mapping in events.STREAM_MAPPINGS}


class StartupError(Exception):
    """The local stage cannot start; the message says why and what to do."""


class LocalStage:
    def __init__(self, settings: local_settings.Settings, *, project_dir: Path) -> None:
        self.settings = settings
        self._project_dir = project_dir
        self.dynamodb_local: dynamodb_local.DynamoDBLocal | None = None
        self.pump: StreamPump | None = None
        self.ticker: Ticker | None = None
        self.http: HttpServer | None = None

    def start(self) -> None:
        settings = self.settings
        ensure_port_free("127.0.0.1", settings.port)
        local_settings.apply(settings, self._start_backend())

        tables = importlib.import_module("chalicelib.models.tables")
        tables.configure(host=self.endpoint, region=settings.region)
        tables.create_tables()
        app = importlib.import_module("app").app
        if SCHEDULE_HANDLER not in app.handler_map:
            raise StartupError(f"app.handler_map has no {SCHEDULE_HANDLER}: the local stage invokes it by this name")
        if not stream_consumers(app):
            raise StartupError("the app registers no function on a DynamoDB stream: the local stage has none to feed")

        self.pump = StreamPump(
            app=app,
            dynamodb=self._client("dynamodb"),
            streams=self._client("dynamodbstreams"),
            region=settings.region,
            failed_records=settings.data_dir / FAILED_RECORDS_FILE,
            checkpoint_dir=settings.data_dir / CHECKPOINT_DIR,
            parallelization=_mapping_settings("parallelization_factor"),
            batching_windows=_mapping_settings("batching_window_seconds"),
        )  # every stream consumer the app registers, each fed on its own
        self.ticker = Ticker(app=app, region=settings.region, handler_name=SCHEDULE_HANDLER)
        # The services are installed before the pump starts: a pump resuming a backlog calls the handlers at
        # once, and they must find the stage's services (with its settle), not build their own.
        services = self._services(make_settler(self.pump, self.ticker))
        self.pump.start()
        importlib.import_module("chalicelib.sandbox.store").create_table()
        seed_demo(services)

        self.http = HttpServer(GatewayApp(app, static_dir=web_root(self._project_dir)), port=settings.port)
        self.ticker.start()
        self.http.start()

    def stop(self) -> None:
        """Stops what started, in reverse; each step is bounded so Ctrl+C returns within seconds."""
        if self.http is not None:
            self.http.stop()
        if self.ticker is not None:
            self.ticker.stop()
        if self.pump is not None:
            self.pump.stop()
            self._drain_last_records()
            self.pump.close()
        if self.dynamodb_local is not None:
            self.dynamodb_local.stop()

    @property
    def endpoint(self) -> str:
        """Where the stage's DynamoDB answers."""
        assert self.dynamodb_local is not None, "start() first"
        return self.dynamodb_local.endpoint

    def _start_backend(self) -> str:
        """DynamoDB Local, keeping its data in the data folder (the pump keeps its checkpoints beside them);
        returns its endpoint."""
        settings = self.settings
        try:
            jar_dir = dynamodb_local.fetch(self._project_dir / DYNAMODB_LOCAL_CACHE)
            self.dynamodb_local = dynamodb_local.DynamoDBLocal(
                jar_dir=jar_dir, data_dir=settings.data_dir, port=settings.dynamodb_local_port)
            self.dynamodb_local.start()
        except dynamodb_local.DynamoDBLocalError as error:
            raise StartupError(f"{error} (`make java` installs Java)") from error
        return self.dynamodb_local.endpoint

    def _drain_last_records(self) -> None:
        # What the last requests wrote is processed now rather than at the next start.
        assert self.pump is not None
        try:
            self.pump.drain(time.monotonic() + 5)
        except Exception:
            log.exception("stream records left unprocessed at shutdown; the next start processes them")

    def _services(self, settle: Callable[[], None]) -> Any:
        """Builds the app's services from the environment the stage set, with the stage's settle, and installs
        them for the app's handlers."""
        hooks: dict[str, Any] = {}
        for module, name in APP_HOOKS.items():
            hooks[name] = getattr(importlib.import_module(module), name, None)
            if hooks[name] is None:
                raise StartupError(f"{module} has no {name}: the local stage calls it")
        config = importlib.import_module("chalicelib.config")
        services = hooks["bootstrap"](config.from_env(), settle=settle)
        hooks["install"](services)
        return services

    def _client(self, service: str, region: str | None = None) -> Any:
        return boto3.client(
            service,
            endpoint_url=self.endpoint,
            region_name=region or self.settings.region,
            config=BotoConfig(retries={"total_max_attempts": 2}, connect_timeout=5, read_timeout=60),
        )
