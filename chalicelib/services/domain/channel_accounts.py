"""A store's account on a messaging platform (a Facebook page, an Instagram professional account, a WhatsApp
phone number), and the rules of what identifies it. No provider's format here."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from .errors import InvalidInput
from .history import HistoryState

META_KINDS = ("messenger", "instagram", "whatsapp")
KINDS = (*META_KINDS, "widget", "sdk")
# Kinds whose platform sends post comments: the store may turn receiving them off.
COMMENT_KINDS = ("messenger", "instagram")
CONNECTED = "connected"
NEEDS_RECONNECT = "needs_reconnect"
STATUSES = (CONNECTED, NEEDS_RECONNECT)
MAX_NAME = 120
MAX_TOKEN = 4096  # Meta's long-lived tokens are a few hundred characters; more is not a token
_META_ID = re.compile(r"[0-9]{1,30}")
_TOKEN_TEXT = re.compile(r"[\x21-\x7e]+")  # printable ASCII without spaces: what Meta's tokens are made of


@dataclass(frozen=True)
class ChannelAccount:
    """One platform account connected to one store; its access token is kept apart (ChannelTokens)."""

    id: str
    brand_id: str
    store_id: str
    kind: str
    external_id: str  # the page id, the Instagram account id or the WhatsApp phone_number_id
    name: str
    status: str
    receive_comments: bool
    created_at: datetime
    updated_at: datetime
    history: HistoryState | None = None  # the import of the platform's history, once one was asked

    @property
    def needs_reconnect(self) -> bool:
        return self.status == NEEDS_RECONNECT


def check_kind(kind: str) -> str:
    """A kind this product knows; InvalidInput naming `kind` otherwise."""
    if kind not in KINDS:
        raise InvalidInput.field("kind", f"must be one of {', '.join(KINDS)}")
    return kind


def check_external_id(kind: str, external_id: str | None) -> str:
    """Meta's ids (page, Instagram account, WhatsApp phone_number_id) are strings of digits."""
    value = external_id or ""  # as given: an id is not retyped
    if not value.strip():
        raise InvalidInput.field("external_id", f"required for a {kind} channel")
    if kind in META_KINDS and not _META_ID.fullmatch(value):
        raise InvalidInput.field("external_id", f"a {kind} id is made of digits only (at most 30)")
    return value


def check_account_name(name: str | None, default: str) -> str:
    """The name agents see; the external id when none is given."""
    value = (name or "").strip() or default
    if len(value) > MAX_NAME:
        raise InvalidInput.field("name", f"at most {MAX_NAME} characters")
    return value


def check_token(token: str | None) -> str:
    """An access token: required, one line of printable characters, of a plausible length."""
    value = token or ""  # as given: a token with spaces around was not copied whole
    if not value:
        raise InvalidInput.field("access_token", "required")
    if len(value) > MAX_TOKEN or not _TOKEN_TEXT.fullmatch(value):
        raise InvalidInput.field("access_token", f"one word of printable characters, at most {MAX_TOKEN}")
    return value


# Graph API error codes that mean the token no longer works for this account: 190 (the token expired or was
# revoked), 102 (the login session is invalid), 10 and 200-299 (a permission was refused or withdrawn). Only
# a new token from the store's admin mends these; any other error is the platform's own trouble.
TOKEN_REJECTED_CODES = frozenset({102, 190, 10})


def token_rejected(code: int | None) -> bool:
    """Whether a Graph API error code (its `error.code`) means the account needs a new token."""
    return code is not None and (code in TOKEN_REJECTED_CODES or 200 <= code <= 299)
