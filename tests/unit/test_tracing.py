"""X-Ray patching: inside Lambda on AWS only, never on the local stage or in tests (no daemon to send to)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import botocore.client, http.client
from chalicelib.adapters.tracing import start_tracing
client, connection = botocore.client.BaseClient, http.client.HTTPConnection
calls, responses = client._make_api_call, connection.getresponse
on = start_tracing(local={local})
print(on, client._make_api_call is not calls, connection.getresponse is not responses)
"""


def probe(local: bool, **environment: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LAMBDA_TASK_ROOT", "POWERTOOLS_TRACE_DISABLED")}
    env.update(environment, AWS_XRAY_CONTEXT_MISSING="IGNORE_ERROR")
    result = subprocess.run([sys.executable, "-c", PROBE.format(local=local)], cwd=ROOT, capture_output=True,
                            text=True, timeout=60, env=env, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_inside_lambda_on_aws_the_aws_and_http_clients_are_patched() -> None:
    assert probe(local=False, LAMBDA_TASK_ROOT="/var/task") == ["True", "True", "True"]


@pytest.mark.parametrize(("local", "environment"), [
    (True, {"LAMBDA_TASK_ROOT": "/var/task"}),  # the local stage, even under a Lambda-like environment
    (False, {}),  # outside Lambda: tests, scripts
    (False, {"LAMBDA_TASK_ROOT": "/var/task", "POWERTOOLS_TRACE_DISABLED": "true"}),
])
def test_elsewhere_nothing_is_patched(local: bool, environment: dict[str, str]) -> None:
    assert probe(local, **environment) == ["False", "False", "False"]

