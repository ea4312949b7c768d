"""The stack's secrets: SecureString parameters of SSM Parameter Store, one per secret, under one path.

The operator creates them (CloudFormation cannot create a SecureString parameter, and a value must never pass
through a template); the template takes their path as a parameter, gives each function the NAMES of the
parameters it needs, and lets its role read those and no other. The app reads the values at run time
(chalicelib/adapters/secrets.py, the same list). The deploy script checks them with `parameter_names`.
"""
from __future__ import annotations

from chalicelib.adapters.secrets import SECRETS, Secret
from infra.cfn import Json, if_, ref, sub, var
from infra.functions import API, OUTBOUND

PATH_PARAMETER = "SecretsPath"
HAS_PATH = "HasSecretsPath"
DEFAULT_PATH = "/comptoir/{stack}"  # the path when the template's parameter is left empty

# Which function reads which secret. The API signs and reads session tokens and checks Twilio's webhook
# signatures; the outbound consumer sends through Twilio's REST API. The statistics and search consumers and
# the minute sweep read none. The API checks Meta's webhook signature and subscription token too.
READERS: dict[str, tuple[str, ...]] = {
    API.name: ("token-signing-key", "twilio-auth-token", "meta-app-secret", "meta-verify-token"),
    OUTBOUND.name: ("twilio-account-sid", "twilio-auth-token"),
}

PARAMETERS: tuple[Secret, ...] = SECRETS  # what the stack expects, in one place for the deploy and the docs


def default_path(stack_name: str) -> str:
    return DEFAULT_PATH.format(stack=stack_name)


def parameter_names(stack_name: str, path: str = "") -> list[str]:
    """The full name of every parameter the stack expects (the template's `SecretsPath`, empty: the default)."""
    base = (path or default_path(stack_name)).rstrip("/")
    return [f"{base}/{secret.name}" for secret in PARAMETERS]


def put_parameter_command(parameter_name: str, region: str = "") -> str:
    """The command an operator runs to create (or, with --overwrite, rotate) one parameter."""
    where = f" --region {region}" if region else ""
    return f"aws ssm put-parameter{where} --type SecureString --name {parameter_name} --value '<value>'"


def template_parameter() -> Json:
    return {
        "Type": "String", "Default": "",
        # SSM's name characters; no trailing slash; a name may not start with "aws" or "ssm".
        "AllowedPattern": "^$|^(/[A-Za-z0-9_.-]+)+$",
        "Description": "Path of the secrets' SecureString parameters (" + ", ".join(s.name for s in PARAMETERS)
                       + "); empty: " + DEFAULT_PATH.format(stack="<stack name>"),
    }


def condition() -> Json:
    return {"Fn::Not": [{"Fn::Equals": [ref(PATH_PARAMETER), ""]}]}


def _path() -> Json:
    return if_(HAS_PATH, ref(PATH_PARAMETER), sub(DEFAULT_PATH.format(stack="${AWS::StackName}")))


def _by_name(name: str) -> Secret:
    [secret] = [s for s in PARAMETERS if s.name == name]
    return secret


def parameter_name(name: str) -> Json:
    return sub(var("Path") + f"/{name}", {"Path": _path()})


def parameter_arn(name: str) -> Json:
    # A name that starts with "/" follows "parameter" directly in the ARN.
    return sub("arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter" + var("Path") + f"/{name}",
               {"Path": _path()})


def environment(function_name: str) -> dict[str, Json]:
    """Variable -> parameter NAME, for each secret the function reads: never a value."""
    return {_by_name(name).variable: parameter_name(name) for name in READERS.get(function_name, ())}


def role_statements(function_name: str) -> list[Json]:
    """Read exactly the function's parameters; decrypt only through SSM, only for those parameters."""
    names = READERS.get(function_name, ())
    if not names:
        return []
    arns = [parameter_arn(name) for name in names]
    return [
        {"Effect": "Allow", "Action": ["ssm:GetParameter", "ssm:GetParameters"], "Resource": arns},
        # With the AWS-managed key (aws/ssm) the key policy already lets SSM decrypt for the account; this
        # statement is what a customer-managed key would need, held to SSM calls on these parameters.
        {"Effect": "Allow", "Action": ["kms:Decrypt"],
         "Resource": [sub("arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/*")],
         "Condition": {"StringEquals": {"kms:ViaService": sub("ssm.${AWS::Region}.${AWS::URLSuffix}"),
                                        "kms:EncryptionContext:PARAMETER_ARN": arns}}},
    ]


def output() -> Json:
    return {"Description": "Path of the secrets' SecureString parameters", "Value": _path()}
