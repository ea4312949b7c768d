"""What every inbound channel adapter offers: verify a webhook, parse it into an InboundMessage."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from ..services.domain import Attachment


@dataclass
class InboundMessage:
    channel: str
    provider_id: str
    from_address: str
    to_address: str
    text: str
    attachments: list[Attachment] = field(default_factory=list)


@dataclass
class DeliveryReport:
    provider_id: str
    status: str
    error: str | None


class InboundChannel(Protocol):
    def verify(self, url: str, params: dict[str, str], signature: str | None) -> None:
        """Raises InvalidSignature unless the provider signed exactly this request."""

    def parse(self, params: dict[str, str]) -> InboundMessage: ...
