"""Settings from the environment, read once. The only module that reads os.environ for the app."""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from typing import Any

LOCAL_TOKEN_SECRET = "local-stage-token-secret-not-for-production-use"
STAGES = ("local", "aws")


class MissingSetting(RuntimeError):
    """A variable the process cannot run without; the message names it."""


@dataclass(frozen=True)
class Settings:
    stage: str  # one of STAGES
    table: str
    sandbox_table: str
    region: str
    dynamodb_endpoint: str | None
    public_base_url: str
    twilio_account_sid: str
    twilio_auth_token: str
    token_secret: str
    mail_from: str
    data_dir: str | None
    sentiment: str = "lexicon"  # "lexicon" (local cue lists) or "comprehend" (Amazon Comprehend): flags alerts
    sentiment_threshold: float = 0.8  # Comprehend's Negative score from which a NEGATIVE message is an alert
    # Outside the local stage, (setting, SSM parameter name) of each secret this function read at start.
    secret_parameters: tuple[tuple[str, str], ...] = ()
    meta_app_secret: str = ""  # signs Meta's webhooks
    meta_verify_token: str = ""  # Meta's subscription check echoes its challenge only with this token
    meta_graph_url: str = "https://graph.facebook.com"  # where the Graph client sends
    channel_tokens_path: str | None = None  # outside the local stage, the SSM path of the channels' tokens

    @property
    def local(self) -> bool:
        return self.stage == "local"


def from_env() -> Settings:
    """The settings of this process; outside the local stage, MissingSetting when a secret cannot be read."""
    stage = _stage()
    port = os.environ.get("PORT", "8000")
    secrets, parameters = _local_secrets() if stage == "local" else _parameter_secrets()
    return Settings(
        stage=stage,
        table=os.environ.get("COMPTOIR_TABLE", "comptoir"),
        sandbox_table=os.environ.get("COMPTOIR_SANDBOX_TABLE", "comptoir-sandbox"),
        region=os.environ.get("AWS_DEFAULT_REGION") or os.environ.get("AWS_REGION") or "eu-west-3",
        dynamodb_endpoint=os.environ.get("DYNAMODB_ENDPOINT") or None,
        public_base_url=os.environ.get("PUBLIC_BASE_URL", f"http://127.0.0.1:{port}").rstrip("/"),
        twilio_account_sid=secrets["twilio_account_sid"],
        twilio_auth_token=secrets["twilio_auth_token"],
        token_secret=secrets["token_secret"],
        mail_from=os.environ.get("MAIL_FROM", "no-reply@comptoir.example"),
        data_dir=os.environ.get("COMPTOIR_DATA"),
        sentiment=_sentiment(stage),
        sentiment_threshold=float(os.environ.get("COMPTOIR_SENTIMENT_THRESHOLD", "0.8")),
        secret_parameters=tuple(sorted(parameters.items())),
        meta_app_secret=secrets["meta_app_secret"], meta_verify_token=secrets["meta_verify_token"],
        meta_graph_url=os.environ.get("META_GRAPH_URL", "https://graph.facebook.com").rstrip("/"),
        channel_tokens_path=os.environ.get("CHANNEL_TOKENS_PATH") or None,
    )


def _local_secrets() -> tuple[dict[str, str], dict[str, str]]:
    """The sandbox's secrets, from the environment or built in: the local stage calls no AWS service."""
    return {
        "twilio_account_sid": os.environ.get("TWILIO_ACCOUNT_SID", ""),
        "twilio_auth_token": os.environ.get("TWILIO_AUTH_TOKEN", "local-twilio-token"),
        "token_secret": os.environ.get("COMPTOIR_TOKEN_SECRET") or LOCAL_TOKEN_SECRET,
        "meta_app_secret": os.environ.get("META_APP_SECRET", "local-meta-app-secret"),
        "meta_verify_token": os.environ.get("META_VERIFY_TOKEN", "local-meta-verify-token"),
    }, {}


def _parameter_secrets() -> tuple[dict[str, str], dict[str, str]]:
    """Outside the local stage a secret is read from the SSM parameter the environment names, never from a
    value in the environment; a secret this function does not need (no parameter named) stays empty."""
    from .adapters.secrets import SECRETS, parameter_names, store

    parameters = parameter_names(os.environ)
    return {s.setting: "" for s in SECRETS} | store().read(parameters), parameters


def with_rotated_secrets(settings: Settings) -> Settings:
    """`settings` itself while its secrets are unchanged; a copy with the new values once a parameter changed
    (read again when the cache expires). The local stage and settings built by hand never change."""
    if settings.local or not settings.secret_parameters:
        return settings
    from .adapters.secrets import store

    now = store().refresh(dict(settings.secret_parameters))
    if not now or all(getattr(settings, field) == value for field, value in now.items()):
        return settings
    changed: dict[str, Any] = dict(now)
    return replace(settings, **changed)


def _stage() -> str:
    """The stage has no default: a deployed function that lost its variable must not run as the local stage,
    whose token secret is public and whose sandbox routes are open."""
    stage = os.environ.get("COMPTOIR_STAGE", "")
    if stage not in STAGES:
        raise MissingSetting(f"COMPTOIR_STAGE must be set to one of {', '.join(STAGES)} (got {stage!r})")
    return stage


def _sentiment(stage: str) -> str:
    """Comprehend on AWS, the cue lists on the local stage (no AWS account there), unless told otherwise."""
    chosen = os.environ.get("COMPTOIR_SENTIMENT") or ("lexicon" if stage == "local" else "comprehend")
    if chosen not in ("lexicon", "comprehend"):
        raise RuntimeError("COMPTOIR_SENTIMENT must be lexicon or comprehend")
    return chosen
