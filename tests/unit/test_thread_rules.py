"""The rules of a thread (SPEC C1-C3, D5, E3, F1, H3), as pure functions from one thread to the next."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.services.domain import Customer, Message, Thread
from chalicelib.services.domain import threads as rules
from chalicelib.services.domain.errors import ThreadHeld

MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
INES, PAUL = "a-ines", "a-paul"
_ids = iter(range(1, 10_000))


def message(at: datetime, author: str = "customer", agent_id: str | None = None) -> Message:
    direction = "in" if author == "customer" else "out"
    return Message(brand_id="maison", thread_id="t1", id=f"m{next(_ids)}", direction=direction,  # type: ignore[arg-type]
                   author=author, agent_id=agent_id, text="Bonjour", created_at=at, channel="sms",  # type: ignore[arg-type]
                   store_id="s-tracking", customer_address="+33612345678", store_address="+33170000001")


def first_message(at: datetime = MONDAY) -> tuple[Thread, Message]:
    """A customer writes for the first time: the thread as stored after it (version 1)."""
    first = message(at)
    empty = rules.open_thread(brand_id="maison", thread_id="t1", store_id="s-tracking", channel="sms",
                              customer=Customer(id="c1", phone="+33612345678"), message=first)
    thread, applied = rules.apply_customer_message(empty, first)
    return replace(thread, version=1), applied


def customer_writes(thread: Thread, at: datetime) -> tuple[Thread, Message]:
    return rules.apply_customer_message(thread, message(at))


def agent_writes(thread: Thread, at: datetime, agent_id: str = INES) -> tuple[Thread, Message]:
    return rules.apply_agent_message(thread, message(at, "agent", agent_id))


def test_first_customer_message_opens_a_waiting_thread_with_a_contact() -> None:
    thread, first = first_message()
    assert (thread.status, thread.waiting_since, thread.unread) == ("waiting", MONDAY, True)
    assert first.applied and first.contact_id == thread.contact_id is not None
    assert first.conversation_id == thread.conversation_id and thread.conversation_started_at == MONDAY


def test_customer_message_makes_a_replied_thread_wait() -> None:
    thread, _ = first_message()
    replied, _ = agent_writes(thread, MONDAY + timedelta(minutes=2))
    assert replied.status == "replied" and replied.waiting_since is None and replied.contact_id is None
    again, later = customer_writes(replied, MONDAY + timedelta(hours=1))
    assert again.status == "waiting" and again.waiting_since == MONDAY + timedelta(hours=1)
    assert later.contact_id == again.contact_id != thread.contact_id


def test_customer_message_makes_a_resolved_thread_wait() -> None:
    thread, _ = first_message()
    resolved = rules.set_status(thread, "resolved", MONDAY + timedelta(minutes=5))
    again, _ = customer_writes(resolved, MONDAY + timedelta(days=1))
    assert again.status == "waiting" and again.contact_id is not None


def test_messages_while_waiting_join_the_open_contact() -> None:
    thread, first = first_message()
    second_thread, second = customer_writes(thread, MONDAY + timedelta(minutes=1))
    third_thread, third = customer_writes(second_thread, MONDAY + timedelta(minutes=3))
    assert first.contact_id == second.contact_id == third.contact_id == third_thread.contact_id
    assert third_thread.waiting_since == MONDAY  # the customer waits since the contact opened
    assert third_thread.last_message_at == MONDAY + timedelta(minutes=3)


def test_a_message_after_15_days_of_silence_starts_a_new_conversation() -> None:
    thread, first = first_message()
    replied, _ = agent_writes(thread, MONDAY + timedelta(minutes=5))
    later, message_ = customer_writes(replied, MONDAY + timedelta(days=15, minutes=5))
    assert later.conversation_id == message_.conversation_id != first.conversation_id
    assert later.conversation_started_at == MONDAY + timedelta(days=15, minutes=5)


def test_a_message_after_14_days_23_hours_stays_in_the_conversation() -> None:
    thread, first = first_message()
    replied, _ = agent_writes(thread, MONDAY + timedelta(minutes=5))
    later, message_ = customer_writes(replied, MONDAY + timedelta(days=14, hours=23, minutes=5))
    assert later.conversation_id == message_.conversation_id == first.conversation_id
    assert later.conversation_started_at == MONDAY


def test_an_agent_writing_after_15_days_of_silence_starts_a_new_conversation() -> None:
    thread, first = first_message()
    later, reply = agent_writes(thread, MONDAY + timedelta(days=20))
    assert later.conversation_id == reply.conversation_id != first.conversation_id


def test_an_agent_answer_closes_the_contact_and_makes_the_thread_replied() -> None:
    thread, first = first_message()
    replied, reply = agent_writes(thread, MONDAY + timedelta(minutes=2))
    assert reply.contact_id == first.contact_id  # the answer names the contact it answered
    assert (replied.status, replied.contact_id, replied.unread) == ("replied", None, False)
    assert (replied.assigned_agent_id, replied.participants) == (INES, [INES])
    assert replied.last_agent_message_at == MONDAY + timedelta(minutes=2)


def test_automatic_messages_never_answer() -> None:
    thread, _ = first_message()
    after, automatic = rules.apply_automatic_message(thread, message(MONDAY + timedelta(seconds=5), "auto"))
    assert (after.status, after.contact_id, after.waiting_since) == ("waiting", thread.contact_id, MONDAY)
    assert after.last_agent_message_at is None and automatic.contact_id == thread.contact_id


def test_a_message_written_before_an_agents_later_reply_does_not_make_the_thread_wait() -> None:
    thread, _ = first_message()
    replied, _ = agent_writes(thread, MONDAY + timedelta(minutes=10))
    # Written at 9:08, applied from the stream after the 9:10 reply: the agent had it on screen.
    late, applied = customer_writes(replied, MONDAY + timedelta(minutes=8))
    assert late.status == "replied" and applied.contact_id is None
    assert late.last_message_at == MONDAY + timedelta(minutes=10)


def test_agent_must_join_a_thread_another_agent_holds() -> None:
    thread, _ = first_message()
    held, _ = agent_writes(thread, MONDAY + timedelta(minutes=1), INES)
    with pytest.raises(ThreadHeld):
        agent_writes(held, MONDAY + timedelta(minutes=2), PAUL)
    joined = rules.join(held, PAUL)
    after, _ = agent_writes(joined, MONDAY + timedelta(minutes=2), PAUL)
    assert after.participants == [INES, PAUL] and after.assigned_agent_id == INES
    assert rules.join(joined, PAUL) == joined


def test_resolved_is_set_by_hand_and_reversible() -> None:
    thread, _ = first_message()
    resolved = rules.set_status(thread, "resolved", MONDAY + timedelta(hours=1))
    assert (resolved.status, resolved.waiting_since, resolved.contact_id) == ("resolved", None, None)
    back = rules.set_status(resolved, "replied", MONDAY + timedelta(hours=2))
    assert back.status == "replied"
    assert rules.set_status(back, "replied", MONDAY + timedelta(hours=3)) == back


def test_a_transfer_keeps_the_thread_and_frees_it_for_the_new_store() -> None:
    thread, _ = first_message()
    held, _ = agent_writes(thread, MONDAY + timedelta(minutes=1))
    moved = rules.transfer(held, "s-after-sales", MONDAY + timedelta(minutes=2))
    assert moved.store_id == "s-after-sales" and moved.assigned_agent_id is None and moved.participants == []
    assert moved.store_since == MONDAY + timedelta(minutes=2)
    assert (moved.status, moved.conversation_id, moved.id) == (held.status, held.conversation_id, held.id)


def test_a_customer_writing_to_another_stores_number_is_answered_by_that_store() -> None:
    thread, _ = first_message()
    elsewhere = replace(message(MONDAY + timedelta(minutes=5)), store_id="s-after-sales")
    moved = rules.follow_customer(thread, elsewhere)
    assert (moved.store_id, moved.store_since) == ("s-after-sales", MONDAY + timedelta(minutes=5))


def test_a_message_written_before_a_transfer_does_not_pull_the_thread_back() -> None:
    thread, _ = first_message()
    moved = rules.transfer(thread, "s-after-sales", MONDAY + timedelta(minutes=10))
    late = message(MONDAY + timedelta(minutes=8))  # written to Order tracking at 9:08, applied after the transfer
    assert rules.follow_customer(moved, late) == moved


def test_a_customer_message_brings_a_done_thread_back_to_the_inbox() -> None:
    thread, _ = first_message()
    done = replace(thread, folder="done", status="resolved")
    again, _ = customer_writes(done, MONDAY + timedelta(days=2))
    assert again.folder == "inbox" and again.status == "waiting"
    spam = replace(thread, folder="spam")
    assert customer_writes(spam, MONDAY + timedelta(days=2))[0].folder == "spam"


def test_opening_a_thread_marks_it_read() -> None:
    thread, _ = first_message()
    assert rules.mark_read(thread).unread is False
