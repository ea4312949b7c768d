"""The channels' access tokens in the template: the API may write, read and delete the SecureString parameters
of the tokens' folder and no other; the outbound consumer may only read them; no other function touches
them; each function is given the folder's NAME, never a token."""
from __future__ import annotations

import json
from typing import Any

import pytest

from infra import channel_tokens, secrets
from tests.infra.test_secrets_template import channel_token_statement, environments, resolve
from tests.infra.test_template import Template, all_statements, as_list, function_id_by_handler, role_statements

API, OUTBOUND = "app.app", "chalicelib.handlers.streams.handle_outbound_stream"
ACCOUNT = "arn:aws:ssm:eu-west-3:123456789012:parameter"


def token_statements(template: Template, handler: str) -> list[dict[str, Any]]:
    return [s for s in role_statements(template, function_id_by_handler(template, handler))
            if channel_token_statement(s)]


@pytest.mark.parametrize("path", ["", "/comptoir/shared-prod"])
def test_the_api_and_the_sender_are_given_the_folder_under_the_stack_secrets_path(template: Template,
                                                                                  path: str) -> None:
    base = path or secrets.default_path("prod")
    for handler, env in environments(template).items():
        if handler in (API, OUTBOUND):
            assert resolve(env[channel_tokens.PATH_VARIABLE], "prod", path) == f"{base}/channel-tokens"
        else:
            assert channel_tokens.PATH_VARIABLE not in env, handler


@pytest.mark.parametrize(("handler", "actions", "keys"), [
    (API, ["ssm:DeleteParameter", "ssm:GetParameter", "ssm:PutParameter"], ["kms:Decrypt", "kms:Encrypt"]),
    (OUTBOUND, ["ssm:GetParameter"], ["kms:Decrypt"]),
])
def test_each_role_does_only_what_its_function_needs_on_the_folder_only(template: Template, handler: str,
                                                                        actions: list[str], keys: list[str]) -> None:
    folder = f"{ACCOUNT}{secrets.default_path('prod')}/channel-tokens/*"
    ssm, kms = token_statements(template, handler)
    assert sorted(as_list(ssm["Action"])) == actions
    assert resolve(ssm["Resource"], "prod", "") == [folder]
    assert sorted(as_list(kms["Action"])) == keys
    condition = resolve(kms["Condition"], "prod", "")
    assert condition["StringEquals"] == {"kms:ViaService": "ssm.eu-west-3.amazonaws.com"}
    assert condition["StringLike"] == {"kms:EncryptionContext:PARAMETER_ARN": [folder]}


def test_no_other_function_touches_the_tokens_and_no_role_writes_any_other_parameter(template: Template) -> None:
    for handler in environments(template):
        if handler not in (API, OUTBOUND):
            assert token_statements(template, handler) == [], handler
    for statement in all_statements(template):
        writes = [a for a in as_list(statement["Action"]) if a in ("ssm:PutParameter", "ssm:DeleteParameter")]
        if writes:
            assert channel_token_statement(statement)
            assert "channel-tokens/*" in json.dumps(statement["Resource"])
