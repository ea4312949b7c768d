"""Folders, hold, priority sections and the unread indicators (SPEC C4, C5, C6, F1, F4), on fakes."""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from chalicelib.services.domain import Customer, Thread
from chalicelib.services.domain import threads as rules
from chalicelib.services.domain.errors import Forbidden, InvalidInput, NotFound
from chalicelib.services.usecases.triage import Triage
from tests.unit.routing_shop import BOSS, CHLOE, HUGO, INES, LEA, MONDAY, PAUL, TRACKING, RoutingShop

STATUS_AND_INDICATORS = ("waiting", "replied", "resolved", "new", "unanswered")


class TriageShop(RoutingShop):
    def __init__(self) -> None:
        super().__init__()
        self.triage = Triage(self.cases.changes, self.threads, self.clock)
        self.add("a-reader", {TRACKING: replace(self.agent(INES).rights[TRACKING], perimeter=False)})

    def move(self, thread_id: str, folder: str, agent_id: str = INES, reason: str | None = None) -> Thread:
        return self.triage.move(self.agent(agent_id), thread_id, folder, reason)

    def hold(self, thread_id: str, on_hold: bool = True, agent_id: str = INES, reason: str | None = None) -> Thread:
        return self.triage.hold(self.agent(agent_id), thread_id, on_hold, reason)

    def listed(self, sort: str = "recent", folder: str = "inbox", statuses: tuple[str, ...] = ()) -> list[str]:
        page, _ = self.cases.inbox.list(self.agent(BOSS), store_id=None, statuses=statuses, folder=folder,
                                        sort=sort, cursor=None, limit=50)
        return [t.id for t in page.items]

    def counts(self) -> dict[str, int]:
        _, counts = self.cases.inbox.list(self.agent(BOSS), store_id=None, statuses=(), folder="inbox",
                                          sort="recent", cursor=None, limit=50)
        return counts

    def counted_by_hand(self) -> dict[str, int]:
        """The counts recomputed from every stored thread: what the maintained counters must equal."""
        totals = dict.fromkeys(STATUS_AND_INDICATORS, 0)
        for thread in self.threads.threads.values():
            if thread.folder == "inbox":
                totals[thread.status] += 1
                shown = rules.indicator(thread)
                if shown:
                    totals[shown] += 1
        return totals


@pytest.fixture
def shop() -> TriageShop:
    return TriageShop()


def a_thread(**changes) -> Thread:  # type: ignore[no-untyped-def]
    thread = Thread(brand_id="maison", id="t1", store_id=TRACKING, channel="sms", customer=Customer(id="c1"),
                    status="waiting", conversation_id="c1", conversation_started_at=MONDAY, last_message_at=MONDAY,
                    created_at=MONDAY, waiting_since=MONDAY)
    return replace(thread, **changes)


# -- the rules ---------------------------------------------------------------------------------------
def test_customers_on_hold_come_before_alerts_before_the_others() -> None:
    assert rules.priority(a_thread(on_hold=True, alert=True)) == rules.PRIORITY_ON_HOLD
    assert rules.priority(a_thread(alert=True)) == rules.PRIORITY_ALERT
    assert rules.priority(a_thread()) == rules.PRIORITY_NEW
    assert rules.PRIORITY_ON_HOLD < rules.PRIORITY_ALERT < rules.PRIORITY_NEW


def test_a_thread_is_new_until_opened_then_unanswered_until_answered() -> None:
    assert rules.indicator(a_thread(unread=True)) == "new" and not rules.unanswered(a_thread(unread=True))
    assert rules.indicator(a_thread(unread=False)) == "unanswered" and rules.unanswered(a_thread(unread=False))
    for status in ("replied", "resolved"):
        assert rules.indicator(a_thread(status=status, unread=False)) is None
        assert not rules.unanswered(a_thread(status=status, unread=False))


def test_archiving_records_when_and_who_and_ends_escalation_and_snooze() -> None:
    at = MONDAY + timedelta(hours=1)
    snoozed = a_thread(snoozed_until=MONDAY + timedelta(days=1))
    archived = rules.move_to_folder(snoozed, "archived", INES, at, "duplicate")
    assert (archived.folder, archived.closed_at, archived.closed_by) == ("archived", at, INES)
    assert (archived.folder_reason, archived.folder_by, archived.folder_at) == ("duplicate", INES, at)
    assert archived.snoozed_until is None and archived.escalation is None
    assert archived.status == "waiting"  # a folder is not a status
    assert rules.move_to_folder(archived, "archived", PAUL, at) is archived
    back = rules.move_to_folder(archived, "inbox", PAUL, at)
    assert (back.folder, back.folder_by) == ("inbox", PAUL)


def test_done_and_spam_do_not_close_the_thread() -> None:
    for folder in ("done", "spam"):
        moved = rules.move_to_folder(a_thread(), folder, INES, MONDAY)  # type: ignore[arg-type]
        assert moved.folder == folder and moved.closed_at is None and moved.closed_by is None


def test_hold_records_who_when_and_why_and_release_forgets_them() -> None:
    held = rules.hold(a_thread(), True, INES, MONDAY, "waits for the warehouse")
    assert (held.on_hold, held.hold_reason, held.held_by, held.held_at) == (True, "waits for the warehouse", INES,
                                                                            MONDAY)
    assert rules.hold(held, True, PAUL, MONDAY, "waits for the warehouse") is held
    released = rules.hold(held, False, PAUL, MONDAY)
    assert (released.on_hold, released.hold_reason, released.held_by, released.held_at) == (False, None, None, None)
    assert rules.hold(released, False, PAUL, MONDAY) is released


# -- folders -----------------------------------------------------------------------------------------
def test_a_customer_message_reopens_an_archived_or_done_thread_into_the_inbox(shop: TriageShop) -> None:
    for folder, customer in (("archived", CHLOE), ("done", HUGO)):
        thread_id = shop.text("Bonjour", sender=customer)
        shop.reply(INES, thread_id)
        moved = shop.move(thread_id, folder)
        assert thread_id not in shop.listed() and thread_id in shop.listed(folder=folder)
        shop.text("Finalement, encore une question", sender=customer)
        reopened = shop.thread(thread_id)
        assert (reopened.folder, reopened.status) == ("inbox", "waiting")
        assert reopened.closed_at == moved.closed_at  # when it was last closed stays on record
        assert thread_id in shop.listed() and thread_id not in shop.listed(folder=folder)


def test_an_agent_message_reopens_an_archived_thread(shop: TriageShop) -> None:
    thread_id = shop.text("Bonjour")
    shop.move(thread_id, "archived")
    shop.reply(INES, thread_id, "Votre colis arrive demain.")
    assert shop.thread(thread_id).folder == "inbox"


def test_a_spam_thread_stays_in_spam_without_reply_notification_escalation_or_count(shop: TriageShop) -> None:
    shop.escalation("ordered", [INES, PAUL])
    shop.auto_messages(greeting="Bonjour, nous arrivons.", resend_after_hours=0, hours=[])
    thread_id = shop.text("Gagnez un iPhone")
    assert len(shop.sent_to(CHLOE)) == 1 and shop.notified(INES, thread_id) == ["new_message"]
    shop.move(thread_id, "spam")
    assert shop.escalated_to(thread_id) is None
    assert shop.counts() == dict.fromkeys(STATUS_AND_INDICATORS, 0)
    shop.text("Gagnez deux iPhone")
    shop.wait(minutes=30)
    thread = shop.thread(thread_id)
    assert thread.folder == "spam" and thread.escalation is None
    assert len(shop.sent_to(CHLOE)) == 1  # no second automatic reply
    assert shop.notified(INES, thread_id) == ["new_message"] and shop.notified(PAUL, thread_id) == []
    assert shop.counts() == dict.fromkeys(STATUS_AND_INDICATORS, 0)
    assert shop.listed(folder="spam") == [thread_id] and shop.listed() == []
    shop.move(thread_id, "inbox")  # not spam after all
    assert shop.counts()["waiting"] == 1 and shop.listed() == [thread_id]


def test_folders_other_than_the_inbox_list_every_status(shop: TriageShop) -> None:
    thread_id = shop.text("Bonjour")
    shop.cases.changes.set_status(shop.agent(INES), thread_id, "resolved")
    shop.move(thread_id, "done")
    assert shop.listed(folder="done", statuses=("waiting", "replied", "resolved")) == [thread_id]
    with pytest.raises(InvalidInput) as refusal:
        shop.listed(folder="trash")
    assert "folder" in refusal.value.errors


def test_moving_and_holding_need_the_right_to_write_and_a_visible_thread(shop: TriageShop) -> None:
    thread_id = shop.text("Bonjour")
    before = shop.thread(thread_id)
    with pytest.raises(Forbidden):
        shop.move(thread_id, "spam", agent_id="a-reader")
    with pytest.raises(Forbidden):
        shop.hold(thread_id, agent_id="a-reader")
    shop.add("a-rival", {}, brand_admin=True)
    rival = replace(shop.agent("a-rival"), brand_id="rival")
    with pytest.raises(NotFound):
        shop.triage.move(rival, thread_id, "spam")
    with pytest.raises(NotFound):
        shop.triage.hold(rival, thread_id, True)
    assert shop.thread(thread_id) == before


def test_bad_folder_or_reason_is_named_and_changes_nothing(shop: TriageShop) -> None:
    thread_id = shop.text("Bonjour")
    before = shop.thread(thread_id)
    for attempt, field in [(lambda: shop.move(thread_id, "trash"), "folder"),
                           (lambda: shop.move(thread_id, "spam", reason="x" * 501), "reason"),
                           (lambda: shop.hold(thread_id, reason="x" * 501), "reason")]:
        with pytest.raises(InvalidInput) as refusal:
            attempt()
        assert field in refusal.value.errors
    assert shop.thread(thread_id) == before


# -- priority sections (C5) --------------------------------------------------------------------------
def test_held_threads_then_alerts_come_first_in_both_sorts(shop: TriageShop) -> None:
    oldest = shop.text("Bonjour", sender=CHLOE)
    shop.wait(minutes=5)
    middle = shop.text("Bonjour", sender=HUGO)
    shop.wait(minutes=5)
    newest = shop.text("Bonjour", sender=LEA)
    assert shop.listed("recent") == [newest, middle, oldest]
    assert shop.listed("waiting") == [oldest, middle, newest]
    shop.hold(middle, reason="waits for the warehouse")
    alerted = shop.thread(newest)
    shop.threads.save(alerted, replace(alerted, alert=True, version=alerted.version + 1))  # set by another part
    assert shop.listed("recent") == [middle, newest, oldest]
    assert shop.listed("waiting") == [middle, newest, oldest]
    shop.hold(middle, False)
    assert shop.listed("recent") == [newest, middle, oldest]
    assert shop.listed("waiting") == [newest, oldest, middle]


# -- unread indicators (C4) --------------------------------------------------------------------------
def test_new_and_unanswered_counts_stay_exact_through_every_change(shop: TriageShop) -> None:
    def check(expected_new: int, expected_unanswered: int) -> None:
        counts = shop.counts()
        assert counts == shop.counted_by_hand()
        assert (counts["new"], counts["unanswered"]) == (expected_new, expected_unanswered)

    chloe, hugo = shop.text("Bonjour"), shop.text("Bonjour", sender=HUGO)
    check(2, 0)
    shop.cases.inbox.open(shop.agent(INES), chloe)
    check(1, 1)
    shop.cases.inbox.open(shop.agent("a-reader"), hugo)  # a read-only agent does not mark it read
    check(1, 1)
    shop.reply(INES, chloe)
    check(1, 0)
    shop.text("Encore moi")
    check(2, 0)
    shop.cases.inbox.open(shop.agent(INES), chloe)
    shop.cases.transfer.transfer(shop.agent(INES), chloe, "s-after-sales")
    check(1, 1)
    shop.cases.snooze.snooze(shop.agent(BOSS), hugo, shop.clock.now() + timedelta(hours=1))
    check(1, 1)
    shop.wait(minutes=61)
    check(1, 1)
    shop.move(hugo, "done")
    check(0, 1)
    shop.cases.changes.set_status(shop.agent(BOSS), chloe, "resolved")
    check(0, 0)
    shop.cases.changes.set_status(shop.agent(BOSS), chloe, "waiting")
    check(0, 1)
    shop.move(hugo, "inbox")
    check(1, 1)
    assert shop.cases.inbox.open(shop.agent(BOSS), hugo).unread is False
    check(0, 2)


# -- statistics (C6: spam counts nowhere) ------------------------------------------------------------
def test_a_spam_thread_counts_in_no_statistic_from_the_moment_it_is_spam_and_past_days_stay() -> None:
    from tests.unit.stats_shop import StatsShop, paris

    shop = StatsShop(now=paris(2026, 11, 2, 8))
    triage = Triage(shop.cases.changes, shop.threads, shop.clock)
    week1, week3 = (paris(2026, 11, 2, 0).date(), paris(2026, 11, 8, 0).date()), \
        (paris(2026, 11, 16, 0).date(), paris(2026, 11, 22, 0).date())
    thread_id = shop.writes(paris(2026, 11, 3, 10))
    shop.answers(paris(2026, 11, 3, 10, 5), thread_id)
    shop.go(paris(2026, 11, 3, 11))
    triage.move(shop.agent(BOSS), thread_id, "spam")
    shop.writes(paris(2026, 11, 4, 10), "Encore une offre")  # a new contact, in spam
    shop.writes(paris(2026, 11, 20, 10), "Toujours des offres")  # a new conversation, in spam
    first, third = shop.report(*week1), shop.report(*week3)
    assert (first["contacts"]["value"], first["new_inbound_conversations"]["value"]) == (1, 1)  # not retracted
    assert first["response_rate"]["value"] == 1.0
    assert (third["contacts"]["value"], third["new_inbound_conversations"]["value"]) == (0, 0)
