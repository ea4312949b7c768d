"""Which threads an agent may see, and in which they may write, on fakes."""
from __future__ import annotations

import pytest

from chalicelib.services.domain.errors import Forbidden, NotFound
from chalicelib.services.usecases.conversations.common import thread_id_for
from tests.unit.conversation_shop import AFTER_SALES, AFTER_SALES_NUMBER, HUGO, TRACKING, Shop, counts


@pytest.fixture
def shop() -> Shop:
    return Shop()


def test_store_without_perimeter_is_read_only(shop: Shop) -> None:
    thread_id = shop.text("Bonjour")
    assert shop.cases.thread_access.visible_thread(shop.zoe, thread_id).id == thread_id
    assert shop.inbox(shop.zoe)[0] == [thread_id]
    for act in (lambda: shop.cases.answer.reply(shop.zoe, thread_id, "Bonjour", []),
                lambda: shop.cases.changes.set_status(shop.zoe, thread_id, "resolved"),
                lambda: shop.cases.answer.start(shop.zoe, store_id=TRACKING, channel="sms", to=HUGO, text="Bonjour")):
        with pytest.raises(Forbidden):
            act()
    assert shop.cases.inbox.open(shop.zoe, thread_id).unread is True  # reading is not handling


def test_other_brand_thread_is_not_found(shop: Shop) -> None:
    thread_id = shop.text("Bonjour")
    for act in (lambda: shop.cases.thread_access.visible_thread(shop.rival, thread_id),
                lambda: shop.cases.answer.reply(shop.rival, thread_id, "Bonjour", []),
                lambda: shop.cases.inbox.messages(shop.rival, thread_id, None, 10)):
        with pytest.raises(NotFound):
            act()


def test_a_thread_of_a_store_out_of_sight_is_not_found(shop: Shop) -> None:
    thread_id = shop.text("Mon colis est abîmé", to=AFTER_SALES_NUMBER)
    with pytest.raises(NotFound):
        shop.cases.thread_access.visible_thread(shop.paul, thread_id)
    shop.text("Bonjour", sender=HUGO)
    assert shop.inbox(shop.paul) == ([thread_id_for("maison", "sms", HUGO)], counts(waiting=1))
    with pytest.raises(NotFound):
        shop.inbox(shop.paul, store_id=AFTER_SALES)
