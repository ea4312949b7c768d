"""A customer's phone call to a store's number, answered by text: what the caller hears and is texted."""
from __future__ import annotations

from dataclasses import dataclass

from .organisation import Store
from .phone import region_of
from .sentiment import guess_language

IVR = "ivr"  # the origin of a thread begun by a phone call, and the greetings' entry for it
CALL_OUTCOMES = ("reached", "no_answer", "voicemail")
# Countries where a store speaks French unless its own words say otherwise.
_FRENCH_REGIONS = frozenset("FR BE LU MC CH GP MQ GF RE YT PM NC PF WF BL MF".split())

SPOKEN = {
    "fr": "Bonjour, {name} vous répond par SMS : vous allez recevoir un message sur ce numéro. Au revoir.",
    "en": "Hello, {name} answers by text message: you will receive a text on this number shortly. Goodbye.",
}
# The store's name follows as the texts' signature.
DEFAULT_TEXT = {
    "fr": "Bonjour, merci de votre appel. Dites-nous ici ce dont vous avez besoin, nous vous répondons par SMS.",
    "en": "Hello, thank you for calling. Tell us here what you need and we will answer you by text.",
}
VOICES = {"fr": "fr-FR", "en": "en-US"}


@dataclass(frozen=True)
class CallAnswer:
    """What a call to a store's number hears: words in a language (BCP 47 tag), then the line hangs up."""

    language: str
    text: str


def store_language(store: Store) -> str:
    """"fr" or "en": the words the store wrote for callers tell first; else where the store is."""
    greeting = store.auto_messages.greetings.get(IVR)
    for text in (greeting.text if greeting else "", store.auto_messages.closed_text):
        guessed = guess_language(text) if text else None
        if guessed:
            return guessed
    return "fr" if region_of(store.timezone, store.phone_number) in _FRENCH_REGIONS else "en"


def ivr_text(store: Store) -> str:
    """The text a caller gets: the store's IVR greeting, or a default in the store's language."""
    greeting = store.auto_messages.greetings.get(IVR)
    if greeting and greeting.text.strip():
        return greeting.text
    return DEFAULT_TEXT[store_language(store)]


def call_answer(store: Store) -> CallAnswer:
    """What the caller hears before the store texts them."""
    language = store_language(store)
    return CallAnswer(language=VOICES[language], text=SPOKEN[language].format(name=store.name))
