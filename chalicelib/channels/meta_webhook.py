"""Meta's webhook: one signed JSON body for Messenger, Instagram and WhatsApp Cloud API notifications."""
from __future__ import annotations

import hashlib
import hmac
import json

from ..services.domain.errors import InvalidInput, InvalidSignature
from ..services.ports.channels import Event, WebhookRequest
from .meta_parse import events

SIGNATURE_HEADER = "x-hub-signature-256"
PREFIX = "sha256="


def sign(app_secret: str, body: bytes) -> str:
    """The X-Hub-Signature-256 Meta sends with this body: the hex HMAC-SHA256 of the raw bytes."""
    return PREFIX + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


class MetaWebhook:
    """Checks Meta's signature on the raw body, then reads every event of the notification."""

    def __init__(self, app_secret: str, verify_token: str) -> None:
        self._app_secret = app_secret
        self._verify_token = verify_token

    def verify(self, request: WebhookRequest) -> None:
        given = request.header(SIGNATURE_HEADER) or ""
        # Without a secret nothing is accepted: "" would sign what anybody can compute.
        if not self._app_secret or not given.startswith(PREFIX) or \
                not hmac.compare_digest(given.encode(), sign(self._app_secret, request.body).encode()):
            raise InvalidSignature("the request is not signed by the provider")

    def parse_batch(self, request: WebhookRequest) -> list[Event]:
        try:
            payload = json.loads(request.body)
        except ValueError:
            raise InvalidInput.field("body", "not JSON") from None
        if not isinstance(payload, dict):
            raise InvalidInput.field("body", "not a JSON object")
        return events(payload)

    def signed_request(self, url: str, payload: dict[str, object]) -> WebhookRequest:
        """The POST Meta would send to `url` with this notification: the sandbox delivers it."""
        body = json.dumps(payload, separators=(",", ":")).encode()
        return WebhookRequest(url=url, headers={SIGNATURE_HEADER: sign(self._app_secret, body),
                                                "content-type": "application/json"}, body=body)

    def challenge(self, mode: str | None, token: str | None, challenge: str | None) -> str | None:
        """Meta's subscription check: the challenge to echo when the token is ours, else None."""
        if mode != "subscribe" or not self._verify_token or challenge is None or token is None:
            return None
        return challenge if hmac.compare_digest(token.encode(), self._verify_token.encode()) else None
