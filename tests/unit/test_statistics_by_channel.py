"""Statistics by channel, fed from the thread stream on fakes: every indicator of one channel's conversations, of
several, and of all together (which stays the sum); days kept before the split by channel read as channel-less
figures, counted in the totals only.

Maison Lune's stores are open 9:00-19:00 in Paris. November 2026: W1 = 2-8, W2 = 9-15, W3 = 16-22.
"""
from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from typing import Any

import pytest

import tests.unit.routing_shop as routing_shop
from chalicelib.services.domain.errors import InvalidInput
from chalicelib.services.domain.reports import parse_channels
from chalicelib.services.usecases.conversations.common import thread_id_for
from chalicelib.services.usecases.conversations.reviews import ReviewIn
from tests.fakes import twilio_channels
from tests.unit.stats_shop import BOSS, CHLOE, HUGO, TRACKING, TRACKING_NUMBER, StatsShop, paris

W1, W2, W3 = (date(2026, 11, 2), date(2026, 11, 8)), (date(2026, 11, 9), date(2026, 11, 15)), \
    (date(2026, 11, 16), date(2026, 11, 22))
WHATSAPP_CUSTOMER = "+33600000077"
PER_CHANNEL = ("conversations", "new_inbound_conversations", "contacts", "response_rate", "response_time_seconds",
               "new_inbound_customers", "connected_customers", "reviews", "average_rating", "reviews_answered_rate")


def nov(day: int, hour: int, minute: int = 0) -> datetime:
    return paris(2026, 11, day, hour, minute)


@pytest.fixture
def shop(monkeypatch: pytest.MonkeyPatch) -> StatsShop:
    monkeypatch.setattr(routing_shop, "sms_channels", twilio_channels)  # WhatsApp through Twilio beside SMS
    return StatsShop(now=nov(2, 8))


def whatsapp(shop: StatsShop, when: datetime, text: str = "Bonjour") -> str:
    shop.go(when)
    shop.cases.receive.receive(brand_id="maison", store_id=TRACKING, store_address=TRACKING_NUMBER,
                               channel="whatsapp", customer_address=WHATSAPP_CUSTOMER, text=text, attachments=[],
                               provider_key=None)
    shop.settle()
    return thread_id_for("maison", "whatsapp", WHATSAPP_CUSTOMER)


def reviewed(shop: StatsShop, when: datetime, rating: int) -> str:
    shop.go(when)
    thread, _ = shop.cases.reviews.post(shop.agent(BOSS), TRACKING, ReviewIn(
        source="google", external_id=f"g-{when.isoformat()}", rating=rating, created_at=when, text="Avis"))
    shop.settle()
    return thread.id


def report(shop: StatsShop, period: tuple[date, date], channels: str | None = None) -> dict[str, Any]:
    shop.feed()
    return shop.statistics.report(shop.agent(BOSS), [TRACKING], *period, parse_channels(channels))


def values(figures: dict[str, Any]) -> dict[str, Any]:
    return {name: figures[name]["value"] for name in PER_CHANNEL}


def three_customers(shop: StatsShop) -> None:
    """Chloé texts (answered in 5 minutes, then writes again unanswered), a WhatsApp customer (answered in 20
    minutes), a 2-star review (never answered)."""
    sms = shop.writes(nov(3, 10))
    shop.answers(nov(3, 10, 5), sms)
    shop.answers(nov(3, 11, 20), whatsapp(shop, nov(3, 11)))
    shop.writes(nov(3, 12), "Et la facture ?")
    reviewed(shop, nov(4, 10), 2)


def test_every_indicator_of_each_channel_and_all_together_is_their_sum(shop: StatsShop) -> None:
    three_customers(shop)
    sms, wa, review = (values(report(shop, W1, c)) for c in ("sms", "whatsapp", "review"))
    assert sms == {"conversations": 1, "new_inbound_conversations": 1, "contacts": 2, "response_rate": 0.5,
                   "response_time_seconds": 300.0, "new_inbound_customers": 1, "connected_customers": 1,
                   "reviews": 0, "average_rating": None, "reviews_answered_rate": None}
    assert wa == {"conversations": 1, "new_inbound_conversations": 1, "contacts": 1, "response_rate": 1.0,
                  "response_time_seconds": 1200.0, "new_inbound_customers": 1, "connected_customers": 1,
                  "reviews": 0, "average_rating": None, "reviews_answered_rate": None}
    assert (review["reviews"], review["average_rating"], review["reviews_answered_rate"],
            review["response_time_seconds"], review["new_inbound_customers"]) == (1, 2.0, 0.0, None, 1)
    everything = report(shop, W1)
    assert everything["channels"] is None
    assert values(everything)["response_time_seconds"] == 750.0  # the mean of 300 and 1,200
    for name in ("conversations", "new_inbound_conversations", "contacts", "new_inbound_customers",
                 "connected_customers", "reviews"):
        assert everything[name]["value"] == sms[name] + wa[name] + review[name], name
    assert everything["new_inbound_customers"]["by_channel"] == {"direct_sms": 1, "whatsapp": 1, "review": 1}


def test_several_channels_together_and_the_split_of_new_customers_keeps_only_them(shop: StatsShop) -> None:
    three_customers(shop)
    both = report(shop, W1, "sms,whatsapp")
    assert both["channels"] == ["sms", "whatsapp"]
    assert (both["contacts"]["value"], both["response_rate"]["value"], both["response_time_seconds"]["value"],
            both["response_time_seconds"]["median"]) == (3, 0.6667, 750.0, 750.0)
    assert both["new_inbound_customers"]["by_channel"] == {"direct_sms": 1, "whatsapp": 1}
    assert report(shop, W1, "messenger,instagram")["conversations"]["value"] == 0
    assert [d["contacts"] for d in report(shop, W1, "whatsapp")["daily"]] == [0, 1, 0, 0, 0, 0, 0]


def test_outbound_figures_and_connected_customers_by_channel_with_the_previous_period(shop: StatsShop) -> None:
    three_customers(shop)
    shop.starts(nov(10, 10), to=HUGO)
    shop.writes(nov(10, 10, 30), "Merci", sender=HUGO)
    sms, wa = report(shop, W2, "sms"), report(shop, W2, "whatsapp")
    assert (sms["new_outbound_conversations"]["value"], sms["outbound_customer_response_rate"]["value"],
            sms["outbound_customer_response_time_seconds"]["value"]) == (1, 1.0, 1800.0)
    assert (sms["connected_customers"]["value"], sms["connected_customers"]["previous"]) == (2, 1)
    assert (wa["new_outbound_conversations"]["value"], wa["connected_customers"]["value"]) == (0, 1)
    assert report(shop, W2)["connected_customers"]["value"] == 4


def test_top_stores_rank_by_one_channels_figure(shop: StatsShop) -> None:
    three_customers(shop)
    shop.feed()
    rows = shop.statistics.top_stores(shop.agent(BOSS), *W1, "response_time_seconds", frozenset({"whatsapp"}))
    tracking = next(r for r in rows if r["store_id"] == TRACKING)
    assert (tracking["rank"], tracking["value"]) == (1, 1200.0)
    text = shop.statistics.top_stores_csv(shop.agent(BOSS), *W1, "contacts", frozenset({"sms"}))
    table = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [(r["rank"], r["contacts"]) for r in table if r["store"] == "Order tracking"] == [("1", "2")]


def test_an_unknown_channel_is_refused_naming_channels_and_an_empty_choice_is_every_channel() -> None:
    for wrong in ("fax", "sms,fax", "sms,", "SMS", "sms, whatsapp"):
        with pytest.raises(InvalidInput) as refused:
            parse_channels(wrong)
        assert list(refused.value.errors) == ["channels"]
    assert parse_channels("") is None and parse_channels(None) is None
    assert parse_channels("ivr,sdk,widget") == frozenset({"ivr", "sdk", "widget"})


def test_facts_kept_before_the_split_count_channel_less_until_their_next_conversation(shop: StatsShop) -> None:
    thread = shop.writes(nov(3, 10))
    shop.feed()
    key = ("maison", thread)
    shop.stats.facts_by_thread[key].channel = ""  # as read from an item written before the split
    shop.answers(nov(3, 10, 5), thread)
    assert report(shop, W1, "sms")["response_time_seconds"]["value"] is None
    assert report(shop, W1)["response_time_seconds"]["value"] == 300.0  # counted in the totals
    shop.writes(nov(19, 10), sender=CHLOE)  # after 15 days of silence, a new conversation: counted by channel
    shop.answers(nov(19, 10, 2), thread)
    assert report(shop, W3, "sms")["response_time_seconds"]["value"] == 120.0
    assert shop.stats.facts_by_thread[key].channel == "sms"


def test_facts_read_from_an_item_written_before_the_split_are_channel_less_and_new_ones_keep_their_channel() -> None:
    from chalicelib.models.translate.stats import facts_item, facts_of
    from chalicelib.services.domain.stats import ThreadFacts

    old = facts_item("maison", ThreadFacts("maison", "t1", last_sequence=3))
    raw = json.loads(old.facts)
    del raw["channel"]  # as written before the split
    old.facts = json.dumps(raw)
    assert facts_of(old).channel == ""
    assert facts_of(facts_item("maison", ThreadFacts("maison", "t2", channel="whatsapp"))).channel == "whatsapp"
