"""The local stage's settings, read from the environment, and the environment the app reads.

The app configures itself from environment variables at import (PynamoDB reads `Meta.host`
then), so `apply()` runs once DynamoDB Local answers and before `import app`.
"""

from __future__ import annotations

import os
from collections.abc import MutableMapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    port: int
    data_dir: Path
    public_base_url: str
    region: str
    dynamodb_local_port: int = 0  # where Amazon's DynamoDB Local listens; 0: any free port


def read(environ: MutableMapping[str, str] | None = None) -> Settings:
    env = os.environ if environ is None else environ
    port = int(env.get("PORT") or 8000)
    return Settings(
        port=port,
        data_dir=Path(env.get("COMPTOIR_DATA") or ".data").resolve(),
        public_base_url=(env.get("PUBLIC_BASE_URL") or f"http://127.0.0.1:{port}").rstrip("/"),
        region=env.get("AWS_DEFAULT_REGION") or "eu-west-3",
        dynamodb_local_port=int(env.get("DYNAMODB_LOCAL_PORT") or 0),
    )


def apply(settings: Settings, dynamodb_endpoint: str, environ: MutableMapping[str, str] | None = None) -> None:
    """Sets what the app and boto3 read: the local stage, the backend's endpoint, the sandbox's secrets."""
    env = os.environ if environ is None else environ
    env["COMPTOIR_STAGE"] = "local"
    env["DYNAMODB_ENDPOINT"] = dynamodb_endpoint
    env.setdefault("AWS_ACCESS_KEY_ID", "local")
    env.setdefault("AWS_SECRET_ACCESS_KEY", "local")
    env["AWS_DEFAULT_REGION"] = settings.region
    env["AWS_ACCOUNT_ID_ENDPOINT_MODE"] = "disabled"  # dummy credentials carry no account id
    env["TWILIO_AUTH_TOKEN"] = "local-twilio-token"
    env["PUBLIC_BASE_URL"] = settings.public_base_url
    env["COMPTOIR_DATA"] = str(settings.data_dir)
