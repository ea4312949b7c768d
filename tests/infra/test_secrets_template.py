"""Secrets in the template: only parameter NAMES in any environment, never a value nor a dynamic reference;
each role reads exactly the parameters its function names; the names are the ones the deploy checks and the
app reads."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from chalicelib.adapters import secrets as app_secrets
from chalicelib.config import Settings, from_env
from infra import channel_tokens, secrets
from tests.infra.test_template import (
    Template,
    all_statements,
    as_list,
    function_id_by_handler,
    resources_of,
    role_statements,
)

ROOT = Path(__file__).resolve().parents[2]
SECRETISH = re.compile(r"SECRET|TOKEN|PASSWORD|AUTH|KEY|SID|CREDENTIAL", re.IGNORECASE)
PSEUDO = {"AWS::Partition": "aws", "AWS::Region": "eu-west-3", "AWS::AccountId": "123456789012",
          "AWS::URLSuffix": "amazonaws.com"}
# What each function may read; everything else reads nothing (statistics, search, the sweep, later ones).
EXPECTED = {
    "app.app": {"token-signing-key", "twilio-auth-token", "meta-app-secret", "meta-verify-token"},
    "chalicelib.handlers.streams.handle_outbound_stream": {"twilio-account-sid", "twilio-auth-token"},
}






def resolve(value: Any, stack: str, path: str) -> Any:
    """Evaluates the intrinsics these parts use (Ref, Fn::Sub, Fn::If on HasSecretsPath) for one deployment."""
    if isinstance(value, list):
        return [resolve(v, stack, path) for v in value]
    if not isinstance(value, dict):
        return value
    known = {**PSEUDO, "AWS::StackName": stack, secrets.PATH_PARAMETER: path}
    if "Ref" in value:
        return known[value["Ref"]]
    if "Fn::If" in value:
        condition, when_true, when_false = value["Fn::If"]
        assert condition == secrets.HAS_PATH
        return resolve(when_true if path else when_false, stack, path)
    if "Fn::Sub" in value:
        text, variables = (value["Fn::Sub"], {}) if isinstance(value["Fn::Sub"], str) else value["Fn::Sub"]
        known.update({k: resolve(v, stack, path) for k, v in variables.items()})
        return re.sub(r"\$\{([^}]+)\}", lambda m: known[m.group(1)], text)
    return {k: resolve(v, stack, path) for k, v in value.items()}


def channel_token_statement(statement: dict[str, Any]) -> bool:
    """A statement on the channels' tokens folder (the app writes those parameters itself)."""
    return f"/{channel_tokens.FOLDER}/*" in json.dumps(statement["Resource"]) or (
        f"/{channel_tokens.FOLDER}/*" in json.dumps(statement.get("Condition", {})))


def environments(template: Template) -> dict[str, dict[str, Any]]:
    return {f["Properties"]["Handler"]: f["Properties"]["Environment"]["Variables"]
            for f in resources_of(template, "AWS::Lambda::Function").values()}


def named_secrets(env: dict[str, Any], stack: str = "prod", path: str = "") -> dict[str, str]:
    """Variable -> resolved parameter name, for the variables the app reads as secret parameters."""
    return {s.variable: resolve(env[s.variable], stack, path) for s in app_secrets.SECRETS if s.variable in env}


def test_no_dynamic_reference_and_no_secret_parameter_anywhere_in_the_template(template_path: Path,
                                                                               template: Template) -> None:
    text = template_path.read_text()
    assert "{{resolve:" not in text and "secretsmanager" not in text.lower()
    assert not any(p.get("NoEcho") for p in template["Parameters"].values())
    assert "SecretId" not in template["Parameters"]


def test_no_function_environment_holds_a_secret_value(template: Template) -> None:
    base = secrets.default_path("prod")
    for handler, env in environments(template).items():
        assert not {"TWILIO_AUTH_TOKEN", "TWILIO_ACCOUNT_SID", "COMPTOIR_TOKEN_SECRET"} & env.keys(), handler
        for variable, value in env.items():
            if SECRETISH.search(variable) and variable != channel_tokens.PATH_VARIABLE:  # a folder: its own test
                # The only secret-sounding variables are parameter names under the stack's path.
                assert variable.endswith("_PARAMETER"), (handler, variable)
                assert resolve(value, "prod", "") in {f"{base}/{s.name}" for s in secrets.PARAMETERS}


def test_each_function_names_exactly_the_parameters_its_role_may_read_and_decrypt(template: Template) -> None:
    for handler, env in environments(template).items():
        expected = EXPECTED.get(handler, set())
        named = {name.rsplit("/", 1)[1] for name in named_secrets(env).values()}
        statements = [s for s in role_statements(template, function_id_by_handler(template, handler))
                      if not channel_token_statement(s)]  # tested in test_channel_tokens_template.py
        reads = [s for s in statements if any(a.startswith("ssm:") for a in as_list(s["Action"]))]
        decrypts = [s for s in statements if any(a.startswith("kms:") for a in as_list(s["Action"]))]
        assert named == expected, handler
        if not expected:
            assert reads == decrypts == [], handler
            continue
        [read], [decrypt] = reads, decrypts
        arns = {f"arn:aws:ssm:eu-west-3:123456789012:parameter{secrets.default_path('prod')}/{name}"
                for name in expected}
        assert sorted(read["Action"]) == ["ssm:GetParameter", "ssm:GetParameters"]
        assert set(resolve(read["Resource"], "prod", "")) == arns
        assert decrypt["Action"] == ["kms:Decrypt"]
        condition = resolve(decrypt["Condition"]["StringEquals"], "prod", "")
        assert condition["kms:ViaService"] == "ssm.eu-west-3.amazonaws.com"
        assert set(condition["kms:EncryptionContext:PARAMETER_ARN"]) == arns


def test_no_role_reads_any_other_parameter_or_decrypts_outside_ssm(template: Template) -> None:
    for statement in all_statements(template):
        actions = as_list(statement["Action"])
        if channel_token_statement(statement):  # tested in test_channel_tokens_template.py
            continue
        if any(a.startswith("ssm:") for a in actions):
            assert set(actions) <= {"ssm:GetParameter", "ssm:GetParameters"}
            assert all(isinstance(r, dict) and "/" in json.dumps(r) for r in as_list(statement["Resource"]))
            assert "*" not in json.dumps(statement["Resource"])
        if any(a.startswith("kms:") for a in actions):
            assert actions == ["kms:Decrypt"] and "kms:ViaService" in statement["Condition"]["StringEquals"]


@pytest.mark.parametrize("path", ["", "/comptoir/shared-prod", "/a/b/c"])
def test_the_names_in_the_template_are_the_ones_the_deploy_checks(template: Template, path: str) -> None:
    everyone: set[str] = set()
    for env in environments(template).values():
        everyone |= set(named_secrets(env, "comptoir-prod", path).values())
    assert everyone == set(secrets.parameter_names("comptoir-prod", path))
    assert secrets.output()["Value"] == template["Outputs"]["SecretsPath"]["Value"]


def test_the_path_parameter_accepts_ssm_paths_only(template: Template) -> None:
    parameter = template["Parameters"][secrets.PATH_PARAMETER]
    pattern = re.compile(parameter["AllowedPattern"])
    assert parameter["Default"] == ""
    for good in ("", "/comptoir/prod", "/team_a/comptoir.prod/x-1"):
        assert pattern.fullmatch(good), good
    for bad in ("/comptoir/prod/", "comptoir/prod", "/comptoir prod", "/comptoir//prod"):
        assert not pattern.fullmatch(bad), bad


def test_the_app_reads_the_parameters_the_template_names(template: Template,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Template -> environment -> the app's settings, through moto's SSM: the API function's secrets."""
    env = environments(template)["app.app"]
    monkeypatch.setenv("COMPTOIR_STAGE", "aws")
    for secret in app_secrets.SECRETS:
        monkeypatch.delenv(secret.variable, raising=False)
    for variable, name in named_secrets(env, "comptoir-prod").items():
        monkeypatch.setenv(variable, name)
    monkeypatch.setattr(app_secrets, "_store", None)
    with mock_aws():
        ssm = boto3.client("ssm")
        for name in secrets.parameter_names("comptoir-prod"):
            ssm.put_parameter(Name=name, Value=f"value of {name} " + "x" * 32, Type="SecureString")
        settings = from_env()
    assert settings.token_secret.startswith("value of /comptoir/comptoir-prod/token-signing-key")
    assert settings.twilio_auth_token.startswith("value of /comptoir/comptoir-prod/twilio-auth-token")
    assert settings.twilio_account_sid == ""  # the API never sends: its role may not read the SID
    assert {s.setting for s in secrets.PARAMETERS} <= set(Settings.__dataclass_fields__)


def test_the_readme_shows_how_to_create_each_parameter() -> None:
    readme = (ROOT / "infra" / "README.md").read_text()
    assert "aws ssm put-parameter" in readme and "--type SecureString" in readme
    assert all(secret.name in readme for secret in secrets.PARAMETERS)
    assert "secretsmanager" not in readme
