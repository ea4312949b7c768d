"""Reading the inbox: sorts, filters, a thread opened, on fakes."""
from __future__ import annotations

import pytest

from chalicelib.services.domain.errors import InvalidInput
from tests.unit.conversation_shop import HUGO, Shop


@pytest.fixture
def shop() -> Shop:
    return Shop()


def test_the_waiting_sort_shows_the_longest_wait_first(shop: Shop) -> None:
    chloe = shop.text("Bonjour")
    shop.clock.advance(600)
    hugo = shop.text("Allô ?", sender=HUGO)
    shop.clock.advance(600)
    shop.cases.answer.reply(shop.ines, chloe, "Bonjour !", [])
    shop.clock.advance(600)
    lea = shop.text("Bonsoir", sender="+33611111111")
    assert shop.inbox(shop.ines, sort="waiting")[0] == [hugo, lea, chloe]
    assert shop.inbox(shop.ines, sort="recent")[0] == [lea, chloe, hugo]


def test_opening_a_thread_marks_it_read(shop: Shop) -> None:
    thread_id = shop.text("Bonjour")
    assert shop.cases.inbox.open(shop.paul, thread_id).unread is False
    assert shop.threads.get("maison", thread_id).unread is False  # type: ignore[union-attr]


def test_the_inbox_refuses_unknown_filters(shop: Shop) -> None:
    for kwargs, field in [({"statuses": ("closed",)}, "status"), ({"sort": "oldest"}, "sort")]:
        with pytest.raises(InvalidInput) as refusal:
            shop.inbox(shop.ines, **kwargs)  # type: ignore[arg-type]
        assert field in refusal.value.errors
