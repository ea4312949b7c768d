"""Secrets outside the local stage: read from the SSM parameters the environment names (moto models SSM), a
stage that cannot read one refuses to start naming it, the local stage never calls AWS."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from chalicelib.adapters import secrets
from chalicelib.bootstrap import bootstrap
from chalicelib.config import LOCAL_TOKEN_SECRET, MissingSetting, from_env
from chalicelib.services.domain.errors import InvalidSignature
from chalicelib.services.ports.channels import WebhookRequest
from chalicelib.services.ports.clock import FixedClock

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
PATH = "/comptoir/test-stack"
VALUES = {"token-signing-key": "k" * 40, "twilio-account-sid": "AC" + "0" * 32, "twilio-auth-token": "t" * 32,
          "meta-app-secret": "m" * 32, "meta-verify-token": "v" * 20}
VARIABLES = [s.variable for s in secrets.SECRETS]


def name(secret: str) -> str:
    return f"{PATH}/{secret}"


@pytest.fixture
def aws_stage(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A deployed function's environment (every parameter named) over moto's SSM, with a fresh reader."""
    monkeypatch.setenv("COMPTOIR_STAGE", "aws")
    for secret in secrets.SECRETS:
        monkeypatch.setenv(secret.variable, name(secret.name))
    monkeypatch.setattr(secrets, "_store", None)
    with mock_aws():
        ssm = boto3.client("ssm")
        for secret, value in VALUES.items():
            ssm.put_parameter(Name=name(secret), Value=value, Type="SecureString")
        yield ssm


def ssm_calls(store: secrets.ParameterSecrets) -> list[str]:
    calls: list[str] = []
    store.provider().client.meta.events.register("before-call.ssm.*", lambda model, **_: calls.append(model.name))
    return calls


def test_the_aws_stage_reads_each_secret_decrypted_from_the_parameter_its_environment_names(aws_stage: Any) -> None:
    settings = from_env()
    assert settings.token_secret == VALUES["token-signing-key"]  # decrypted: moto prefixes the raw value
    assert settings.twilio_account_sid == VALUES["twilio-account-sid"]
    assert settings.twilio_auth_token == VALUES["twilio-auth-token"]
    assert settings.meta_app_secret == VALUES["meta-app-secret"]
    assert settings.meta_verify_token == VALUES["meta-verify-token"]
    assert dict(settings.secret_parameters) == {s.setting: name(s.name) for s in secrets.SECRETS}


def test_values_in_the_environment_are_ignored_outside_the_local_stage(aws_stage: Any,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPTOIR_TOKEN_SECRET", "a-plaintext-token-secret-of-40-characters")
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", "plaintext")
    settings = from_env()
    assert settings.token_secret == VALUES["token-signing-key"]
    assert settings.twilio_auth_token == VALUES["twilio-auth-token"]


def test_a_missing_parameter_stops_the_stage_with_its_name_and_variable(aws_stage: Any) -> None:
    aws_stage.delete_parameter(Name=name("twilio-auth-token"))
    with pytest.raises(MissingSetting) as raised:
        from_env()
    message = str(raised.value)
    assert name("twilio-auth-token") in message and "TWILIO_AUTH_TOKEN_PARAMETER" in message
    assert name("token-signing-key") not in message  # only what is missing is named
    assert "aws ssm put-parameter --type SecureString" in message


def test_every_missing_parameter_is_named_at_once(aws_stage: Any) -> None:
    for secret in VALUES:
        aws_stage.delete_parameter(Name=name(secret))
    with pytest.raises(MissingSetting) as raised:
        from_env()
    assert all(name(secret) in str(raised.value) for secret in VALUES)


def test_a_role_that_may_not_read_a_parameter_stops_the_stage_naming_it(monkeypatch: pytest.MonkeyPatch) -> None:
    class Denied:
        def get_parameters_by_name(self, parameters: dict[str, Any], **_: Any) -> dict[str, Any]:
            raise ClientError({"Error": {"Code": "AccessDeniedException", "Message": "not authorized"}},
                              "GetParameters")

    monkeypatch.setenv("COMPTOIR_STAGE", "aws")
    monkeypatch.setenv("TOKEN_SIGNING_KEY_PARAMETER", name("token-signing-key"))
    monkeypatch.setattr(secrets, "_store", secrets.ParameterSecrets(provider=Denied()))
    with pytest.raises(MissingSetting, match=f"{name('token-signing-key')}.*AccessDenied"):
        from_env()


def test_values_are_cached_so_a_second_read_calls_no_aws_service(aws_stage: Any) -> None:
    calls = ssm_calls(secrets.store())
    from_env()
    from_env()
    assert calls == ["GetParameters"]  # one batch for the three secrets, then the cache
    assert secrets.store().max_age == secrets.MAX_AGE_SECONDS == 300


def test_a_function_that_names_no_parameter_reads_none_and_can_neither_sign_nor_accept_webhooks(
        monkeypatch: pytest.MonkeyPatch) -> None:
    class NoCall:
        def get_parameters_by_name(self, *_: Any, **__: Any) -> dict[str, Any]:
            raise AssertionError("no parameter named, no SSM call")

    monkeypatch.setenv("COMPTOIR_STAGE", "aws")
    for variable in VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setattr(secrets, "_store", secrets.ParameterSecrets(provider=NoCall()))
    settings = from_env()  # a statistics or search consumer: its role may read no secret
    assert (settings.token_secret, settings.twilio_auth_token, settings.secret_parameters) == ("", "", ())
    c = bootstrap(settings, clock=FixedClock(NOW))
    with pytest.raises(MissingSetting, match="no token-signing key"):
        c.accounts.tokens.read_session("any", NOW)
    sms = c.inbound.channels.get("sms")
    params = {"MessageSid": "SM1", "From": "+33612345678", "To": "+15550000001", "Body": "hi"}
    url = "https://inbox.example/webhooks/twilio/sms"
    forged = WebhookRequest(url=url, headers={"x-twilio-signature": sms.sign(url, params)}, params=params,
                            query={}, body=b"")  # signed with the empty token this function holds
    with pytest.raises(InvalidSignature):
        sms.verify(forged)


def test_the_local_stage_keeps_the_sandbox_secrets_and_calls_no_aws_service(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPTOIR_STAGE", "local")
    monkeypatch.delenv("COMPTOIR_TOKEN_SECRET", raising=False)
    monkeypatch.delenv("TWILIO_AUTH_TOKEN", raising=False)
    for variable in VARIABLES:  # even if a parameter is named, the local stage does not read it
        monkeypatch.setenv(variable, name("anything"))
    monkeypatch.setattr(secrets, "store", lambda: pytest.fail("the local stage read a parameter"))
    settings = from_env()
    assert settings.token_secret == LOCAL_TOKEN_SECRET and settings.twilio_auth_token == "local-twilio-token"
    assert settings.secret_parameters == ()
