"""E-mail through Amazon SES (AWS stage)."""
from __future__ import annotations

from typing import Any

from .timeouts import SES, boto_config


class SesMailer:
    def __init__(self, sender: str, client: Any = None) -> None:
        self._sender = sender
        self._client = client  # created on first use: a cold start does not pay for it

    def send(self, *, to: str, subject: str, body: str) -> None:
        self._ses().send_email(
            FromEmailAddress=self._sender,
            Destination={"ToAddresses": [to]},
            Content={"Simple": {"Subject": {"Data": subject, "Charset": "UTF-8"},
                                "Body": {"Text": {"Data": body, "Charset": "UTF-8"}}}},
        )

    def _ses(self) -> Any:
        if self._client is None:
            import boto3

            # Timeouts and bounded retries: a slow SES fails the mail in seconds, not the whole request.
            self._client = boto3.client("sesv2", config=boto_config(SES))
        return self._client
