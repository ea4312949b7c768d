"""The composition root and the settings it is built from: the stage is never guessed, the graph is frozen,
tests' fakes replace what the settings would pick."""
from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from chalicelib.bootstrap import bootstrap
from chalicelib.config import MissingSetting, Settings, from_env
from chalicelib.services.ports.clock import FixedClock
from tests.fakes import FakeDirectory, FakeThreads

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def settings(stage: str) -> Settings:
    return Settings(stage=stage, table="comptoir", sandbox_table="comptoir-sandbox", region="eu-west-3",
                    dynamodb_endpoint=None, public_base_url="https://inbox.example", twilio_account_sid="AC1",
                    twilio_auth_token="twilio-token", token_secret="a-token-secret-of-at-least-32-characters",
                    mail_from="no-reply@example.com", data_dir=None)


@pytest.mark.parametrize("stage", [None, "", "prod", "LOCAL"])
def test_a_process_without_a_known_stage_refuses_to_start_and_names_the_variable(monkeypatch, stage):
    if stage is None:
        monkeypatch.delenv("COMPTOIR_STAGE", raising=False)
    else:
        monkeypatch.setenv("COMPTOIR_STAGE", stage)
    with pytest.raises(MissingSetting, match="COMPTOIR_STAGE"):
        from_env()


def test_the_aws_stage_never_falls_back_to_the_local_token_secret(monkeypatch):
    monkeypatch.setenv("COMPTOIR_STAGE", "aws")
    monkeypatch.setenv("COMPTOIR_TOKEN_SECRET", "a-plaintext-value-in-the-environment-is-ignored")
    monkeypatch.delenv("TOKEN_SIGNING_KEY_PARAMETER", raising=False)
    settings = from_env()  # no parameter named: a function that needs no token-signing key
    assert settings.token_secret == ""
    with pytest.raises(MissingSetting, match="no token-signing key"):
        bootstrap(settings, clock=FixedClock(NOW)).accounts.tokens.issue("b1", "a1", NOW)


def test_the_local_stage_runs_with_nothing_but_its_stage(monkeypatch):
    monkeypatch.setenv("COMPTOIR_STAGE", "local")
    monkeypatch.delenv("COMPTOIR_TOKEN_SECRET", raising=False)
    assert from_env().local


def test_fakes_given_as_overrides_are_the_ones_every_use_case_gets():
    directory, threads, clock = FakeDirectory(), FakeThreads(), FixedClock(NOW)
    services = bootstrap(settings("aws"), directory=directory, threads=threads, clock=clock)
    assert services.directory is directory and services.threads is threads and services.clock is clock
    assert services.accounts.directory is directory and services.statistics.threads is threads


def test_the_graph_is_frozen_once_built():
    services = bootstrap(settings("aws"), clock=FixedClock(NOW))
    with pytest.raises(dataclasses.FrozenInstanceError):
        services.clock = FixedClock(NOW)  # type: ignore[misc]


def test_only_the_local_stage_has_a_sandbox_and_its_phone_network_runs_every_minute():
    aws = bootstrap(settings("aws"), clock=FixedClock(NOW))
    local = bootstrap(settings("local"), clock=FixedClock(NOW))
    assert aws.sandbox is None and aws.minute_jobs == (aws.timers.sweep,)
    assert local.sandbox is not None and len(local.minute_jobs) == 2 and local.minute_jobs[0] == local.timers.sweep


def test_the_local_stage_settle_is_the_one_given():
    def settle() -> None:
        return None

    assert bootstrap(settings("local"), clock=FixedClock(NOW), settle=settle).settle is settle
    assert bootstrap(settings("local"), clock=FixedClock(NOW)).settle is None


def test_roles_and_search_know_the_channels_the_registry_holds():
    services = bootstrap(settings("aws"), clock=FixedClock(NOW))
    assert services.search.channels == ("sms", "messenger", "instagram", "whatsapp")
    assert services.roles.channels == (*services.search.channels, "review")  # reviews are answered too
