"""The sandbox's twin of Meta's file servers: a customer's file on the local stage is one of a few samples,
served by its link (Messenger, Instagram) or its media id (WhatsApp), as the real platforms serve theirs."""
from __future__ import annotations

import base64

from ..services.domain.media import WHATSAPP_MEDIA
from ..services.ports.media import File, MediaTooLarge, MediaUnavailable

CDN = "https://cdn.sandbox.invalid/"  # never resolves: only this twin answers it
_PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQ"
                        "AAAABJRU5ErkJggg==")  # one pixel
_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
# Meta's kind of file -> (content type, bytes, extension); WhatsApp calls a file a document.
SAMPLES: dict[str, tuple[str, bytes, str]] = {
    "image": ("image/png", _PNG, "png"),
    "video": ("video/mp4", b"\x00\x00\x00\x18ftypmp42sandbox-video", "mp4"),
    "audio": ("audio/mpeg", b"ID3\x03\x00sandbox-audio", "mp3"),
    "file": ("application/pdf", _PDF, "pdf"),
}
WHATSAPP_KINDS = {"image": "image", "video": "video", "audio": "audio", "file": "document"}


def sample_link(kind: str, token: str) -> str:
    """Where Messenger's and Instagram's twin serves a customer's file of that kind."""
    return f"{CDN}{kind}/{token}.{SAMPLES[kind][2]}"


def sample_media_id(kind: str, token: str) -> str:
    """A WhatsApp media id the twin serves."""
    return f"sandbox-{kind}-{token}"


class SandboxMedia:
    """The files' source on the local stage: the twin's samples; anything else is out of reach (offline)."""

    def fetch(self, channel: str, account: str, url: str, limit: int) -> File:
        if url.startswith(CDN):
            kind = url.removeprefix(CDN).split("/", 1)[0]
        elif url.startswith(WHATSAPP_MEDIA + "sandbox-"):
            kind = url.removeprefix(WHATSAPP_MEDIA + "sandbox-").split("-", 1)[0]
        else:
            raise MediaUnavailable("the local stage reaches no platform")
        if kind not in SAMPLES:
            raise MediaUnavailable(f"no sample {kind}")
        content_type, data, _ = SAMPLES[kind]
        if len(data) > limit:
            raise MediaTooLarge(f"{len(data)} bytes")
        return File(data, content_type)
