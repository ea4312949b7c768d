"""The running local stage, found as `make dev` finds its data (PORT, COMPTOIR_DATA), and the operations over it.

The command builds the app's own services against the stage's DynamoDB Local: what it writes flows through
the stage's streams like anything the stage writes itself."""
from __future__ import annotations

import json
import os
import socket
from collections.abc import MutableMapping
from typing import Any

from chalicelib.operations import Operations


class StageNotRunning(RuntimeError):
    """No local stage answers where the environment says its data is."""


def dynamodb_endpoint(environ: MutableMapping[str, str]) -> str:
    """The endpoint of the DynamoDB Local the stage on COMPTOIR_DATA started, from its PID file."""
    from local import settings as local_settings
    from local.dynamodb_local import PID_FILE

    data_dir = local_settings.read(environ).data_dir
    pid_file = data_dir / PID_FILE
    try:
        port = int(json.loads(pid_file.read_text())["port"])
    except (OSError, ValueError, KeyError):
        raise StageNotRunning(f"no local stage runs on {data_dir} (no {PID_FILE}): start it with `make dev`, "
                              "or set COMPTOIR_DATA and PORT as for the stage, or name a deployed stack with "
                              "--stack") from None
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except OSError:
        raise StageNotRunning(f"the local stage's DynamoDB Local ({data_dir / PID_FILE}: port {port}) does not "
                              "answer: start the stage with `make dev`") from None
    return f"http://127.0.0.1:{port}"


def local_operations(environ: MutableMapping[str, str] | None = None) -> Operations:
    """The operations over the running local stage; the process's environment becomes the stage's."""
    from chalicelib import runtime
    from chalicelib.bootstrap import bootstrap
    from chalicelib.config import from_env
    from chalicelib.operations import build
    from local import settings as local_settings
    from ops.local_failures import FileFailures

    env: MutableMapping[str, str] = os.environ if environ is None else environ
    endpoint = dynamodb_endpoint(env)
    settings = local_settings.read(env)
    local_settings.apply(settings, endpoint, env)
    services = bootstrap(from_env())
    runtime.install(services)  # the stream consumers a replay invokes reach the services through it
    return build(services, FileFailures(settings.data_dir / "failed-stream-records.jsonl", _app(), settings.region))


def _app() -> Any:
    import app

    return app.app
