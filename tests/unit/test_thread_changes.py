"""An agent changes a thread: its status by hand, its store by a transfer, on fakes."""
from __future__ import annotations

import pytest

from chalicelib.services.domain.errors import InvalidInput
from tests.unit.conversation_shop import AFTER_SALES, TRACKING, Shop, counts


@pytest.fixture
def shop() -> Shop:
    return Shop()


def test_a_message_written_before_a_transfer_does_not_pull_the_thread_back(shop: Shop) -> None:
    thread_id = shop.text("Bonjour")
    shop.clock.advance(60)
    shop.receive("Toujours là ?")  # stored at 9:01 through Order tracking's number; the stream is late
    shop.clock.advance(60)
    shop.cases.transfer.transfer(shop.paul, thread_id, AFTER_SALES)  # 9:02, a decision taken after it
    shop.settle()
    assert shop.threads.get("maison", thread_id).store_id == AFTER_SALES  # type: ignore[union-attr]


def test_a_transfer_moves_the_thread_its_history_and_its_count(shop: Shop) -> None:
    thread_id = shop.text("Mon colis est abîmé")
    moved = shop.cases.transfer.transfer(shop.ines, thread_id, AFTER_SALES)
    assert moved.store_id == AFTER_SALES and shop.texts(thread_id) == ["Mon colis est abîmé"]
    assert shop.inbox(shop.ines, store_id=TRACKING) == ([], counts())
    assert shop.inbox(shop.ines, store_id=AFTER_SALES) == ([thread_id], counts(waiting=1))
    with pytest.raises(InvalidInput):
        shop.cases.transfer.transfer(shop.ines, thread_id, "s-unknown")


def test_resolved_is_set_by_hand_and_undone_at_any_time(shop: Shop) -> None:
    thread_id = shop.text("Bonjour")
    assert shop.cases.changes.set_status(shop.ines, thread_id, "resolved").status == "resolved"
    assert shop.inbox(shop.ines) == ([], counts(resolved=1))  # the default filter is waiting + replied
    assert shop.inbox(shop.ines, ("resolved",))[0] == [thread_id]
    assert shop.cases.changes.set_status(shop.ines, thread_id, "replied").status == "replied"
    assert shop.inbox(shop.ines) == ([thread_id], counts(replied=1))
    with pytest.raises(InvalidInput):
        shop.cases.changes.set_status(shop.ines, thread_id, "closed")
