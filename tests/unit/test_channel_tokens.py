"""Where the channels' access tokens are kept: SSM SecureString parameters on AWS (moto), files of the data
folder on the local stage."""
from __future__ import annotations

import stat
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

from chalicelib.adapters.channel_tokens import (
    FileChannelTokens,
    MemoryChannelTokens,
    ParameterChannelTokens,
    WithoutChannelTokens,
    channel_tokens_for,
)
from chalicelib.config import MissingSetting, Settings
from chalicelib.services.domain.errors import NotFound

TOKEN = "EAAGm0PX4ZCpsBA-page-token"


def settings(stage: str, data_dir: str | None = None, path: str | None = None) -> Settings:
    return Settings(stage=stage, table="t", sandbox_table="s", region="eu-west-3", dynamodb_endpoint=None,
                    public_base_url="http://x", twilio_account_sid="", twilio_auth_token="", token_secret="k",
                    mail_from="m@x", data_dir=data_dir, channel_tokens_path=path)


def check_keeps_replaces_and_forgets(tokens: FileChannelTokens | MemoryChannelTokens | ParameterChannelTokens) -> None:
    with pytest.raises(NotFound):
        tokens.get("ch_1")
    tokens.put("ch_1", TOKEN)
    tokens.put("ch_1", TOKEN + "2")
    assert tokens.get("ch_1") == TOKEN + "2"
    tokens.delete("ch_1")
    tokens.delete("ch_1")
    with pytest.raises(NotFound):
        tokens.get("ch_1")


def test_a_token_is_a_secure_string_parameter_under_the_stage_path() -> None:
    with mock_aws():
        ssm = boto3.client("ssm", region_name="eu-west-3")
        tokens = ParameterChannelTokens("/comptoir/prod/channel-tokens/", ssm)
        tokens.put("ch_1", TOKEN)
        described = ssm.describe_parameters()["Parameters"]
        assert [(p["Name"], p["Type"]) for p in described] == [("/comptoir/prod/channel-tokens/ch_1", "SecureString")]
        tokens.delete("ch_1")
        check_keeps_replaces_and_forgets(tokens)


def test_on_the_local_stage_a_token_is_a_file_only_its_owner_reads(tmp_path: Path) -> None:
    tokens = channel_tokens_for(settings("local", str(tmp_path)))
    assert isinstance(tokens, FileChannelTokens)
    tokens.put("ch_1", TOKEN)
    [file] = (tmp_path / "channel-tokens").iterdir()
    assert file.name == "ch_1" and stat.S_IMODE(file.stat().st_mode) == 0o600
    tokens.delete("ch_1")
    check_keeps_replaces_and_forgets(tokens)
    assert isinstance(channel_tokens_for(settings("local")), MemoryChannelTokens)
    check_keeps_replaces_and_forgets(MemoryChannelTokens())


def test_an_account_id_is_never_a_path(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        FileChannelTokens(tmp_path).put("../escape", TOKEN)
    with pytest.raises(ValueError):
        ParameterChannelTokens("/comptoir/prod/channel-tokens", object()).get("a/b")


def test_a_deployed_function_without_the_path_refuses_when_asked_not_at_start() -> None:
    assert isinstance(channel_tokens_for(settings("aws", path="/comptoir/p/channel-tokens")), ParameterChannelTokens)
    tokens = channel_tokens_for(settings("aws"))
    assert isinstance(tokens, WithoutChannelTokens)
    with pytest.raises(MissingSetting, match="CHANNEL_TOKENS_PATH"):
        tokens.get("ch_1")
