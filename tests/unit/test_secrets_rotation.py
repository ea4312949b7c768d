"""A rotated secret reaches a warm function once its cached value expires, without a deploy; a failed re-read
keeps the running function on the values in hand, and does not ask SSM again on every request."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import boto3
import pytest
from moto import mock_aws

from chalicelib import runtime
from chalicelib.adapters import secrets
from chalicelib.services.domain.errors import NotAuthenticated

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
KEY = "/comptoir/test-stack/token-signing-key"
OLD, NEW = "old-" + "o" * 40, "new-" + "n" * 40


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def warm(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Any, Clock, list[str]]]:
    """An API function after its first request: the graph built from the token-signing key in SSM."""
    monkeypatch.setenv("COMPTOIR_STAGE", "aws")
    for secret in secrets.SECRETS:
        monkeypatch.delenv(secret.variable, raising=False)
    monkeypatch.setenv("TOKEN_SIGNING_KEY_PARAMETER", KEY)
    clock = Clock()
    with mock_aws():
        ssm = boto3.client("ssm")
        ssm.put_parameter(Name=KEY, Value=OLD, Type="SecureString")
        store = secrets.ParameterSecrets(clock=clock)
        monkeypatch.setattr(secrets, "_store", store)
        calls: list[str] = []
        store.provider().client.meta.events.register("before-call.ssm.GetParameters",
                                                     lambda **_: calls.append("GetParameters"))
        runtime.install(None)
        runtime.services()
        yield ssm, clock, calls
    runtime.install(None)


def expire(store: secrets.ParameterSecrets) -> None:
    """What MAX_AGE_SECONDS of wall time does to Powertools' cache."""
    store.provider().clear_cache()


def test_the_new_value_serves_once_the_cache_expires_and_not_before(warm: tuple[Any, Clock, list[str]]) -> None:
    ssm, _, calls = warm
    before = runtime.services()
    old_token = before.accounts.tokens.issue("b1", "a1", NOW)
    ssm.put_parameter(Name=KEY, Value=NEW, Type="SecureString", Overwrite=True)
    assert runtime.services() is before and calls == ["GetParameters"]  # cached: no read per request
    expire(secrets.store())
    after = runtime.services()
    assert after is not before and after.settings.token_secret == NEW and calls == ["GetParameters"] * 2
    assert runtime.services() is after  # built once for the new value
    with pytest.raises(NotAuthenticated):  # sessions signed with the old key end: everyone logs in again
        after.accounts.tokens.read(old_token, NOW)
    assert after.accounts.tokens.read(after.accounts.tokens.issue("b1", "a1", NOW), NOW) == ("b1", "a1")


def test_an_unchanged_value_keeps_the_same_graph_after_the_cache_expires(warm: tuple[Any, Clock, list[str]]) -> None:
    _, _, calls = warm
    before = runtime.services()
    expire(secrets.store())
    assert runtime.services() is before and calls == ["GetParameters"] * 2


def test_a_failed_read_keeps_the_values_in_hand_and_waits_before_asking_again(
        warm: tuple[Any, Clock, list[str]]) -> None:
    ssm, clock, calls = warm
    before = runtime.services()
    ssm.delete_parameter(Name=KEY)
    expire(secrets.store())
    assert runtime.services() is before and runtime.services() is before
    assert calls == ["GetParameters"] * 2  # one failed read, then none for a while
    clock.now += secrets.RETRY_AFTER_SECONDS
    ssm.put_parameter(Name=KEY, Value=NEW, Type="SecureString")
    assert runtime.services().settings.token_secret == NEW and calls == ["GetParameters"] * 3
