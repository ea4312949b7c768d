"""The stack's secrets in SSM Parameter Store, checked (and, with the operator, created) before a deploy.

The one list of what a stack needs is `SECRETS`: the functions read them at run time by name, under
`secrets_path(stack)`, and the template is only given that path. Nothing here ever prints a value.
"""
from __future__ import annotations

import getpass
import secrets as random
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from infra import secrets as stack_secrets

# The template parameter that receives the path.
PATH_PARAMETER = stack_secrets.PATH_PARAMETER
# Random keys the deploy can make itself (Meta's verify token is any string, read back from SSM and typed in the
# Meta app's webhook settings); the others only the operator can give.
GENERATED = frozenset({"token-signing-key", "meta-verify-token"})


@dataclass(frozen=True)
class Secret:
    name: str          # the parameter's name under the stack's path
    description: str
    generated: bool = False


# What the stack expects, from the list the template and the app share: they cannot drift apart.
SECRETS: tuple[Secret, ...] = tuple(Secret(s.name, s.description, s.name in GENERATED)
                                    for s in stack_secrets.PARAMETERS)


def secrets_path(stack: str) -> str:
    """`/comptoir/<stack>`: one folder of parameters per stack, so two stages never share a secret."""
    return stack_secrets.default_path(stack)


def parameter_name(stack: str, secret: Secret) -> str:
    return f"{secrets_path(stack)}/{secret.name}"


def missing_secrets(ssm: Any, stack: str) -> list[Secret]:
    """The secrets of `SECRETS` that have no parameter yet (names only: values are never read here)."""
    names = [parameter_name(stack, secret) for secret in SECRETS]
    found: set[str] = set()
    for start in range(0, len(names), 10):  # GetParameters takes 10 names at most
        answer = ssm.get_parameters(Names=names[start:start + 10], WithDecryption=False)
        found.update(parameter["Name"] for parameter in answer["Parameters"])
    return [secret for secret, name in zip(SECRETS, names, strict=True) if name not in found]


def put_command(stack: str, region: str, secret: Secret) -> str:
    """The exact command an operator runs to create one secret (the value left for them to fill in)."""
    what = secret.description.split(":")[0].split(",")[0]  # "Twilio auth token", without the details
    value = "$(openssl rand -hex 32)" if secret.generated else f"'<{what}>'"
    return (f"aws ssm put-parameter --region {shlex.quote(region)} --type SecureString "
            f"--name {shlex.quote(parameter_name(stack, secret))} --value {value}")


def create_missing(ssm: Any, stack: str, missing: list[Secret],
                   ask: Callable[[str], str] = getpass.getpass) -> None:
    """Creates each missing secret: a generated one at random, the others from the operator's answer."""
    for secret in missing:
        value = random.token_hex(32) if secret.generated else ask(f"{secret.description}: ").strip()
        if not value:
            raise ValueError(f"no value given for {parameter_name(stack, secret)}")
        ssm.put_parameter(Name=parameter_name(stack, secret), Value=value, Type="SecureString",
                          Description=f"comptoir: {secret.description}", Overwrite=False)
