"""SMS opt-out: the keywords a customer texts to stop or restart messages from a store's number, and what
follows from them. Pure rules; the register itself is a port."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime
from hashlib import sha256
from typing import Literal

from .conversation import Message
from .errors import Conflict, DeliveryFailed
from .organisation import Store

Keyword = Literal["stop", "start", "help"]

# Whole-message keywords, compared without case or accents (so ARRÊT is ARRET).
STOP_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "ARRET"})
START_WORDS = frozenset({"START", "UNSTOP", "YES"})
HELP_WORDS = frozenset({"HELP"})

# Twilio's OptOutType field (sent when its Advanced Opt-Out is on) names the keyword class it recognised.
_PROVIDER_TYPES: dict[str, Keyword] = {"STOP": "stop", "START": "start", "HELP": "help"}

CHANNELS = frozenset({"sms"})  # where keywords are honoured: the channels that text a phone number
CARRIER = "carrier"  # an opt-out learnt from the provider refusing a send, not from a keyword


class OptedOut(Conflict):
    """The customer texted an opt-out keyword to this store's number: no message may go to them."""


class RecipientOptedOut(DeliveryFailed):
    """The provider refused a send because the recipient opted out with it (Twilio error 21610)."""


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).upper()


def keyword_of(text: str, provider_type: str | None = None) -> Keyword | None:
    """The opt-out keyword a customer's message is, if it is one: the whole message, trimmed, any case.

    The provider's own classification, when it sends one, wins over the text."""
    if provider_type:
        known = _PROVIDER_TYPES.get(provider_type.strip().upper())
        if known is not None:
            return known
    word = _folded(text)
    if word in STOP_WORDS:
        return "stop"
    if word in START_WORDS:
        return "start"
    if word in HELP_WORDS:
        return "help"
    return None


def number_hash(number: str) -> str:
    """The SHA-256 of a phone number in its normalised form: the register never holds the number itself, so
    an erased customer who opted out stays opted out."""
    return sha256(number.strip().replace(" ", "").encode()).hexdigest()


@dataclass(frozen=True)
class OptOutChange:
    """A customer's consent to messages from one store number, as of a moment."""

    brand_id: str
    store_number: str
    customer_hash: str
    opted_out: bool
    at: datetime
    reason: str  # the keyword class ("stop", "start") or CARRIER


def change_for(message: Message, keyword: Keyword) -> OptOutChange | None:
    """The change of consent a customer's keyword message makes; None for HELP (it changes nothing)."""
    if keyword == "help":
        return None
    return OptOutChange(brand_id=message.brand_id, store_number=message.store_address,
                        customer_hash=number_hash(message.customer_address), opted_out=keyword == "stop",
                        at=message.created_at, reason=keyword)


def help_text(store: Store) -> str:
    """What answers HELP: the store's name and how to stop or restart its messages."""
    return (f"{store.name}: this number is answered by the store's team. Reply STOP to unsubscribe, "
            "START to subscribe again. Msg&data rates may apply.")


def help_reply(message: Message, store: Store) -> Message:
    """The automatic answer to HELP; its id follows from the customer's message, so a retry sends it once."""
    return Message(
        brand_id=message.brand_id, thread_id=message.thread_id, id=f"{message.id}h", direction="out",
        author="auto", text=help_text(store), created_at=message.created_at, channel=message.channel,
        store_id=store.id, customer_address=message.customer_address,
        store_address=store.phone_number or message.store_address, status="queued",
        conversation_id=message.conversation_id, contact_id=message.contact_id,
    )
