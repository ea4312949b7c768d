"""A deployed stage's secrets, read at run time from SSM Parameter Store.

Each secret is a SecureString parameter of its own. A function's environment carries only the NAME of each
parameter it needs (its role may read those and no other); the values are read with Powertools' Parameters
utility, decrypted, and cached `MAX_AGE_SECONDS`, so a rotated value reaches every warm function within
that time without a deploy. The local stage never comes here: its secrets are the sandbox's.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NoReturn

from ..config import MissingSetting
from .timeouts import SSM, boto_config

MAX_AGE_SECONDS = 300  # how long a value read serves before the parameter is read again
RETRY_AFTER_SECONDS = 60  # after a failed re-read, how long the values in hand serve before the next try


@dataclass(frozen=True)
class Secret:
    setting: str  # the field of Settings it fills
    name: str  # the parameter's last segment, under the stack's secrets path
    variable: str  # the environment variable holding the parameter's full name
    description: str


SECRETS: tuple[Secret, ...] = (
    Secret("token_secret", "token-signing-key", "TOKEN_SIGNING_KEY_PARAMETER",
           "Signs agents' session tokens (HS256); at least 32 characters, e.g. openssl rand -hex 32"),
    Secret("twilio_account_sid", "twilio-account-sid", "TWILIO_ACCOUNT_SID_PARAMETER",
           "Twilio account SID (AC...), with the auth token it authenticates sends"),
    Secret("twilio_auth_token", "twilio-auth-token", "TWILIO_AUTH_TOKEN_PARAMETER",
           "Twilio auth token: authenticates sends and checks the signature of Twilio's webhooks"),
    Secret("meta_app_secret", "meta-app-secret", "META_APP_SECRET_PARAMETER",
           "Meta app secret (App settings > Basic): checks X-Hub-Signature-256 on Meta's webhooks"),
    Secret("meta_verify_token", "meta-verify-token", "META_VERIFY_TOKEN_PARAMETER",
           "Meta webhook verify token: any string, typed again in the Meta app's webhook settings"),
)


def parameter_names(environ: Mapping[str, str]) -> dict[str, str]:
    """Setting -> parameter name, for each secret the environment names (a function names only what it needs)."""
    return {s.setting: environ[s.variable] for s in SECRETS if environ.get(s.variable)}


class ParameterSecrets:
    """Reads SecureString parameters through one cached Powertools provider, with the SSM client's timeouts."""

    def __init__(self, provider: Any = None, max_age: int = MAX_AGE_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._provider = provider  # created on first read: the local stage and tests never pay for it
        self.max_age = max_age
        self._clock = clock
        self._retry_at = 0.0

    def read(self, parameters: Mapping[str, str]) -> dict[str, str]:
        """Setting -> value for each setting -> parameter name; MissingSetting naming each one not read."""
        if not parameters:
            return {}
        from aws_lambda_powertools.utilities.parameters.exceptions import GetParameterError
        from botocore.exceptions import BotoCoreError, ClientError

        setting_of = {name: setting for setting, name in parameters.items()}
        try:
            found = self.provider().get_parameters_by_name({name: {} for name in setting_of}, decrypt=True,
                                                           max_age=self.max_age, raise_on_error=False)
        except (BotoCoreError, ClientError, GetParameterError) as error:
            _unreadable(setting_of, list(setting_of), str(error))
        missing = [name for name in setting_of if not found.get(name)]
        if missing:
            _unreadable(setting_of, missing, "not found, or not readable by this function's role")
        return {setting_of[name]: str(found[name]) for name in setting_of}

    def refresh(self, parameters: Mapping[str, str]) -> dict[str, str] | None:
        """The values now, for a function already running: from the cache until it expires, then read again.

        None while a failed read is recent: the values in hand keep serving (a brief SSM outage must not stop
        a running stage, nor make every request wait for SSM's timeouts)."""
        now = self._clock()
        if now < self._retry_at:
            return None
        try:
            return self.read(parameters)
        except MissingSetting as error:
            from ..logs import logger

            self._retry_at = now + RETRY_AFTER_SECONDS
            logger.warning("secrets not read again; the values in hand keep serving", extra={"error": str(error)})
            return None

    def provider(self) -> Any:
        if self._provider is None:
            from aws_lambda_powertools.utilities.parameters import SSMProvider

            self._provider = SSMProvider(boto_config=boto_config(SSM))
        return self._provider


def _unreadable(setting_of: Mapping[str, str], names: list[str], reason: str) -> NoReturn:
    """The stage refuses to run: the message names each parameter, and the variable that names it."""
    variable_of = {s.setting: s.variable for s in SECRETS}
    named = ", ".join(f"{name} (from {variable_of[setting_of[name]]})" for name in names)
    raise MissingSetting(
        f"cannot read the secret parameter{'s' if len(names) > 1 else ''} {named}: {reason}. "
        "Create each with `aws ssm put-parameter --type SecureString --name <name> --value <value>`.")


_store: ParameterSecrets | None = None


def store() -> ParameterSecrets:
    """The process's reader: one cache for the whole process, kept when the services are built again."""
    global _store
    if _store is None:
        _store = ParameterSecrets()
    return _store


class WithoutTokenKey:
    """The tokens of a function whose environment names no token-signing key (a stream consumer, the sweep).

    It never issues nor reads a session; were it asked to, it fails rather than sign with an empty key."""

    def issue(self, brand_id: str, agent_id: str, now: datetime) -> str:
        self._refuse()

    def read(self, token: str, now: datetime) -> tuple[str, str]:
        self._refuse()

    def read_session(self, token: str, now: datetime) -> tuple[str, str, datetime]:
        self._refuse()

    @staticmethod
    def _refuse() -> NoReturn:
        raise MissingSetting("this function has no token-signing key (TOKEN_SIGNING_KEY_PARAMETER is not set): "
                             "it may not issue or read session tokens")
