"""E-mail through Amazon SES (AWS stage)."""
from __future__ import annotations

from typing import Any


class SesMailer:
    def __init__(self, sender: str, client: Any = None) -> None:
        self._sender = sender
        self._client = client

    def send(self, *, to: str, subject: str, body: str) -> None:
        if self._client is None:
            import boto3

            self._client = boto3.client("sesv2")
        self._client.send_email(
            FromEmailAddress=self._sender,
            Destination={"ToAddresses": [to]},
            Content={"Simple": {"Subject": {"Data": subject, "Charset": "UTF-8"},
                                "Body": {"Text": {"Data": body, "Charset": "UTF-8"}}}},
        )
