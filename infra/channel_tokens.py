"""The stores' channel access tokens: SecureString parameters the app itself writes, one per connected account,
under `<secrets path>/channel-tokens/` (chalicelib/adapters/channel_tokens.py).

The API writes, reads and deletes them (an admin connects, reconnects, disconnects a channel); the outbound
consumer reads them to send. No other function touches them, and neither role reaches another path.
"""
from __future__ import annotations

from infra.cfn import Json, if_, ref, sub, var
from infra.functions import API, OUTBOUND
from infra.secrets import DEFAULT_PATH, HAS_PATH, PATH_PARAMETER

FOLDER = "channel-tokens"
PATH_VARIABLE = "CHANNEL_TOKENS_PATH"  # the folder's name, never a value
ACTIONS: dict[str, tuple[str, ...]] = {
    API.name: ("ssm:DeleteParameter", "ssm:GetParameter", "ssm:PutParameter"),
    OUTBOUND.name: ("ssm:GetParameter",),
}
# With a customer-managed key, what SSM asks KMS for on the caller's behalf: Encrypt to write a SecureString,
# Decrypt to read it. The AWS-managed key (aws/ssm) grants both to the account's principals through SSM.
KMS: dict[str, tuple[str, ...]] = {API.name: ("kms:Decrypt", "kms:Encrypt"), OUTBOUND.name: ("kms:Decrypt",)}


def _path() -> Json:
    """The stack's secrets path, as infra/secrets.py computes it: the template's parameter, or the default."""
    return if_(HAS_PATH, ref(PATH_PARAMETER), sub(DEFAULT_PATH.format(stack="${AWS::StackName}")))


def folder() -> Json:
    return sub(var("Path") + f"/{FOLDER}", {"Path": _path()})


def parameters_arn() -> Json:
    """Every parameter of the folder, and nothing above it."""
    return sub("arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter" + var("Path") + f"/{FOLDER}/*",
               {"Path": _path()})


def environment(function_name: str) -> dict[str, Json]:
    return {PATH_VARIABLE: folder()} if function_name in ACTIONS else {}


def role_statements(function_name: str) -> list[Json]:
    if function_name not in ACTIONS:
        return []
    return [
        {"Effect": "Allow", "Action": list(ACTIONS[function_name]), "Resource": [parameters_arn()]},
        {"Effect": "Allow", "Action": list(KMS[function_name]),
         "Resource": [sub("arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/*")],
         "Condition": {"StringEquals": {"kms:ViaService": sub("ssm.${AWS::Region}.${AWS::URLSuffix}")},
                       "StringLike": {"kms:EncryptionContext:PARAMETER_ARN": [parameters_arn()]}}},
    ]
