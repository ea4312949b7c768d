"""The app as deployed (COMPTOIR_STAGE=aws), through Chalice's test client over moto: the first request
builds the services from the SSM parameters the environment names; without one it refuses to serve, naming
it, until the parameter exists; `/sandbox` is never served."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import boto3
import pytest
from chalice.test import Client
from moto import mock_aws
from twilio.request_validator import RequestValidator

from chalicelib import runtime
from chalicelib.adapters import secrets
from chalicelib.config import MissingSetting

PATH = "/comptoir/functional"
AUTH_TOKEN = "twilio-auth-token-from-ssm-" + "a" * 8
VALUES = {"token-signing-key": "k" * 40, "twilio-auth-token": AUTH_TOKEN}  # what the API function reads
URL = "http://127.0.0.1:8000/webhooks/twilio/sms"


@pytest.fixture
def aws_api(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Client, Any]]:
    """The API function's environment as the template writes it, its parameters in moto's SSM."""
    from app import app

    monkeypatch.setenv("COMPTOIR_STAGE", "aws")
    monkeypatch.setenv("COMPTOIR_SENTIMENT", "lexicon")
    for secret in secrets.SECRETS:
        monkeypatch.delenv(secret.variable, raising=False)
    monkeypatch.setenv("TOKEN_SIGNING_KEY_PARAMETER", f"{PATH}/token-signing-key")
    monkeypatch.setenv("TWILIO_AUTH_TOKEN_PARAMETER", f"{PATH}/twilio-auth-token")
    monkeypatch.setattr(secrets, "_store", None)
    runtime.install(None)
    with mock_aws():
        ssm = boto3.client("ssm")
        for name, value in VALUES.items():
            ssm.put_parameter(Name=f"{PATH}/{name}", Value=value, Type="SecureString")
        yield Client(app), ssm
    runtime.install(None)


def sandbox_routes() -> list[tuple[str, str]]:
    from app import app

    return [(path, method) for path, entry in app.routes.items() if path.startswith("/sandbox")
            for method in entry]


def test_the_aws_stage_serves_no_sandbox_route(aws_api: tuple[Client, Any]) -> None:
    client, _ = aws_api
    routes = sandbox_routes()
    assert len(routes) >= 7  # brands, sms, outbox, mail, clock (read and set), settle
    for path, method in routes:
        answer = client.http.request(method, path, headers={"Content-Type": "application/json"}, body=b"{}")
        assert answer.status_code == 404, (method, path, answer.body)
    services = runtime.services()
    assert services.sandbox is None and services.settings.token_secret == VALUES["token-signing-key"]


def test_webhooks_are_checked_with_the_auth_token_read_from_ssm(aws_api: tuple[Client, Any]) -> None:
    from chalicelib.models import tables

    client, _ = aws_api
    runtime.services()
    tables.create_tables()
    params = {"MessageSid": "SM" + "0" * 32, "AccountSid": "AC1", "From": "+33612345678",
              "To": "+15559999999", "Body": "Bonjour", "NumMedia": "0"}

    def post(token: str) -> int:
        signature = RequestValidator(token).compute_signature(URL, params)
        return client.http.post("/webhooks/twilio/sms", body=urlencode(params), headers={
            "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature}).status_code

    assert post("local-twilio-token") == 403  # the sandbox's token means nothing here
    assert post(AUTH_TOKEN) == 404  # signed right: on to the number, which no store has


def test_without_its_parameter_the_api_refuses_every_request_until_it_exists(aws_api: tuple[Client, Any]) -> None:
    client, ssm = aws_api
    ssm.delete_parameter(Name=f"{PATH}/token-signing-key")
    answer = client.http.get("/sandbox/clock")
    assert answer.status_code == 500 and VALUES["twilio-auth-token"] not in answer.body.decode()
    with pytest.raises(MissingSetting, match=f"{PATH}/token-signing-key.*TOKEN_SIGNING_KEY_PARAMETER"):
        runtime.services()
    ssm.put_parameter(Name=f"{PATH}/token-signing-key", Value=VALUES["token-signing-key"], Type="SecureString")
    assert client.http.get("/sandbox/clock").status_code == 404  # now served (and still no sandbox)
