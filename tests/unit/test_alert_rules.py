"""Alerts (SPEC C5): raised by an angry customer message, kept by calm ones, cleared on resolve or by hand."""
from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib.services.domain import threads as rules
from chalicelib.services.domain.errors import Forbidden, NotFound
from chalicelib.services.usecases.alerts import Alerts
from tests.fakes_alerts import FakeSentiment
from tests.unit.conversation_shop import MONDAY, Shop


@pytest.fixture
def shop() -> Shop:
    shop = Shop()
    shop.sentiment = FakeSentiment()  # type: ignore[attr-defined]
    shop.cases.receive.sentiment = shop.sentiment  # type: ignore[attr-defined]
    return shop


def alerts(shop: Shop) -> Alerts:
    return Alerts(shop.cases.changes, shop.clock)


def test_an_angry_message_raises_the_alert_with_its_reason_and_time(shop: Shop) -> None:
    thread_id = shop.text("I am ANGRY")
    thread = shop.threads.get("maison", thread_id)
    assert thread is not None and thread.alert and thread.alert_reason == "angry" and thread.alert_at == MONDAY
    assert thread.status == "waiting"  # the message was applied as any other, in the same save


def test_a_calm_message_keeps_an_alert_raised_before(shop: Shop) -> None:
    thread_id = shop.text("I am ANGRY")
    shop.clock.advance(300)
    shop.text("Any news?")
    thread = shop.threads.get("maison", thread_id)
    assert thread is not None and thread.alert and thread.alert_at == MONDAY


def test_a_calm_customer_raises_nothing_and_each_message_is_assessed_once(shop: Shop) -> None:
    thread_id = shop.text("Hello, is the store open?")
    shop.settle()  # a stream delivered twice
    thread = shop.threads.get("maison", thread_id)
    assert thread is not None and not thread.alert and thread.alert_reason is None
    assert shop.sentiment.assessed == ["Hello, is the store open?"]  # type: ignore[attr-defined]


def test_without_a_detector_nothing_is_assessed(shop: Shop) -> None:
    shop.cases.receive.sentiment = None
    thread = shop.threads.get("maison", shop.text("I am ANGRY"))
    assert thread is not None and not thread.alert


def test_resolving_or_closing_clears_the_alert(shop: Shop) -> None:
    thread_id = shop.text("I am ANGRY")
    resolved = shop.cases.changes.set_status(shop.ines, thread_id, "resolved")
    assert not resolved.alert and resolved.alert_reason is None and resolved.alert_at is None
    shop.text("Still ANGRY")
    assert shop.threads.get("maison", thread_id).alert  # type: ignore[union-attr]
    brand = shop.directory.get_brand("maison")
    assert brand is not None
    brand.closing_reasons = ["complaint"]
    shop.directory.save_brand(brand)
    assert not shop.cases.changes.close(shop.ines, thread_id, "complaint").alert


def test_an_agent_replying_does_not_clear_the_alert(shop: Shop) -> None:
    thread_id = shop.text("I am ANGRY")
    shop.cases.answer.reply(shop.ines, thread_id, "Sorry, we are on it", [])
    assert shop.threads.get("maison", thread_id).alert  # type: ignore[union-attr]


def test_an_agent_raises_and_clears_an_alert_by_hand(shop: Shop) -> None:
    thread_id = shop.text("Hello")
    shop.clock.advance(60)
    raised = alerts(shop).set(shop.ines, thread_id, True)
    assert raised.alert and raised.alert_reason == rules.HAND_FLAGGED and raised.alert_at == shop.clock.now()
    assert alerts(shop).set(shop.ines, thread_id, True).version == raised.version  # nothing changes twice
    cleared = alerts(shop).set(shop.ines, thread_id, False)
    assert not cleared.alert and cleared.alert_reason is None and cleared.version == raised.version + 1
    assert shop.threads.get("maison", thread_id) == cleared


def test_a_read_only_agent_cannot_touch_alerts_and_others_do_not_see_the_thread(shop: Shop) -> None:
    thread_id = shop.text("I am ANGRY")
    with pytest.raises(Forbidden):
        alerts(shop).set(shop.zoe, thread_id, False)
    with pytest.raises(NotFound):
        alerts(shop).set(shop.rival, thread_id, False)
    assert shop.threads.get("maison", thread_id).alert  # type: ignore[union-attr]


def test_rules_keep_the_first_raise_and_clear_only_what_is_set(shop: Shop) -> None:
    thread = shop.threads.get("maison", shop.text("Hello"))
    assert thread is not None and rules.clear_alert(thread) is thread
    first = rules.raise_alert(thread, "scandaleux", MONDAY)
    assert rules.raise_alert(first, "arnaque", MONDAY + timedelta(hours=1)) is first
