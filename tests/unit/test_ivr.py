"""A call answered by text: the store's language, what the caller hears and is texted, and its I13 bucket."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from xml.etree import ElementTree

from chalicelib.channels.twilio_voice import twiml
from chalicelib.services.domain import AutoMessages, Customer, Greeting, Message, Store, Thread
from chalicelib.services.domain.automation import automatic_reply
from chalicelib.services.domain.ivr import DEFAULT_TEXT, call_answer, ivr_text, store_language
from chalicelib.services.domain.stats import Collector, StoreClock, ThreadFacts, observe

AT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def store(timezone: str = "Europe/Paris", number: str = "+33100000000", **auto: object) -> Store:
    return Store(brand_id="b", id="s", name="Lune", timezone=timezone, phone_number=number,
                 auto_messages=AutoMessages(**auto))  # type: ignore[arg-type]


def test_language_follows_where_the_store_is_unless_its_words_say_otherwise() -> None:
    assert store_language(store()) == "fr"
    assert store_language(store("America/New_York", "+15550000001")) == "en"
    english = store(greetings={"ivr": Greeting("Hello, thanks for calling, how can we help?")})
    assert store_language(english) == "en"
    assert store_language(store("America/New_York", closed_text="Nous sommes fermés pour le moment")) == "fr"


def test_caller_hears_the_store_answers_by_text_and_is_texted_its_greeting_or_a_default() -> None:
    assert call_answer(store()).language == "fr-FR" and "SMS" in call_answer(store()).text
    assert call_answer(store("Europe/London", "+441000000000")).language == "en-US"
    assert ivr_text(store()) == DEFAULT_TEXT["fr"]
    assert ivr_text(store(greetings={"ivr": Greeting("Bonjour, dites-nous tout.")})) == "Bonjour, dites-nous tout."


def test_twiml_says_then_hangs_up_or_only_hangs_up() -> None:
    root = ElementTree.fromstring(twiml(call_answer(store())))
    assert [e.tag for e in root] == ["Say", "Hangup"] and root[0].get("language") == "fr-FR"
    assert [e.tag for e in ElementTree.fromstring(twiml(None))] == ["Hangup"]


def _call() -> Message:
    return Message(brand_id="b", thread_id="t", id="m1", direction="in", author="customer", text="", created_at=AT,
                   channel="sms", store_id="s", customer_address="+33612345678", store_address="+33100000000",
                   kind="call", origin="ivr")


def _thread(origin: str | None) -> Thread:
    return Thread(brand_id="b", id="t", store_id="s", channel="sms", customer=Customer(id="c", phone="+336"),
                  status="waiting", conversation_id="c1", conversation_started_at=AT, last_message_at=AT,
                  created_at=AT, last_inbound_at=AT, waiting_since=AT, contact_id="k1", origin=origin)


def test_a_call_always_gets_its_text_but_the_sms_greeting_keeps_its_resend_period() -> None:
    greeted = replace(_thread("ivr"), greeted_at=AT)
    settings = store(greetings={"sms": Greeting("Bonjour SMS", 24), "ivr": Greeting("Bonjour appel", 24)})
    _, reply = automatic_reply(greeted, _call(), settings)
    assert reply is not None and reply.text == "Bonjour appel" and reply.author == "auto"
    _, none = automatic_reply(greeted, replace(_call(), kind=None, origin=None, text="Re"), settings)
    assert none is None


def test_a_thread_begun_by_a_call_counts_under_ivr() -> None:
    clock = StoreClock(local_date=lambda _s, at: at.date(), open_seconds=lambda _s, a, b: (b - a).total_seconds())
    for origin, bucket in (("ivr", "ivr"), (None, "sms")):
        out = Collector()
        observe(ThreadFacts("b", "t"), None, _thread(origin), clock, out)
        assert out.days[("s", date(2026, 11, 23))].channels == {bucket: 1}
