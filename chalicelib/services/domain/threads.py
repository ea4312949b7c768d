"""Rules of a thread: pure functions from a thread to the next."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from . import CONVERSATION_GAP_DAYS, Customer, Folder, Message, Thread, ThreadStatus
from .errors import ThreadHeld

GAP = timedelta(days=CONVERSATION_GAP_DAYS)


def _conversation(thread: Thread, at: datetime, message_id: str) -> tuple[str, datetime]:
    """A message after 15 days of silence starts a new conversation."""
    if at - thread.last_message_at >= GAP:
        return f"c{message_id}", at
    return thread.conversation_id, thread.conversation_started_at


def open_thread(
    *, brand_id: str, thread_id: str, store_id: str, channel: str, customer: Customer, message: Message
) -> Thread:
    """The thread as it is before its first message: what the first message is applied to."""
    return Thread(
        brand_id=brand_id,
        id=thread_id,
        store_id=store_id,
        channel=channel,
        customer=customer,
        status="resolved",
        conversation_id=f"c{message.id}",
        conversation_started_at=message.created_at,
        last_message_at=message.created_at,
        created_at=message.created_at,
        unread=False,
        version=0,
    )


def apply_customer_message(thread: Thread, message: Message) -> tuple[Thread, Message]:
    """A customer message: the thread waits, a contact opens or grows.

    A message that an agent already answered after it was written (stores are
    applied after the fact, from the stream) does not make the thread wait again.
    """
    at = message.created_at
    commented = message.kind == "comment"
    conversation_id, started = _conversation(thread, at, message.id)
    if thread.version == 0:
        conversation_id, started = f"c{message.id}", at
    answered_since = thread.last_agent_message_at is not None and thread.last_agent_message_at > at
    status: ThreadStatus = thread.status
    waiting_since = thread.waiting_since
    contact_id = thread.contact_id
    if not answered_since and thread.status != "waiting":
        status, waiting_since, contact_id = "waiting", at, f"k{message.id}"
    updated = replace(
        thread,
        status=status,
        waiting_since=waiting_since,
        contact_id=contact_id,
        conversation_id=conversation_id,
        conversation_started_at=started,
        last_message_at=max(thread.last_message_at, at),
        last_inbound_at=max(thread.last_inbound_at or at, at),
        last_direct_at=thread.last_direct_at if commented else max(thread.last_direct_at or at, at),
        last_comment_at=max(thread.last_comment_at or at, at) if commented else thread.last_comment_at,
        unread=True,
        folder="inbox" if thread.folder in ("done", "archived") else thread.folder,
        snoozed_until=None,  # the customer's next message ends a snooze
        closed_reason=None if status == "waiting" else thread.closed_reason,
    )
    contact = contact_id if status == "waiting" else None
    return updated, replace(message, conversation_id=conversation_id, contact_id=contact, applied=True)


def ensure_may_answer(thread: Thread, agent_id: str) -> None:
    """Two agents never answer one customer by accident: a held thread needs a join."""
    holder = thread.assigned_agent_id
    if holder and holder != agent_id and agent_id not in thread.participants:
        raise ThreadHeld(
            "another agent handles this thread: join it before answering",
            {"thread": f"held by agent {holder}"},
        )


def apply_agent_message(thread: Thread, message: Message) -> tuple[Thread, Message]:
    """An agent's message answers the open contact and makes the thread replied."""
    assert message.agent_id is not None
    ensure_may_answer(thread, message.agent_id)
    at = message.created_at
    conversation_id, started = _conversation(thread, at, message.id)
    participants = list(thread.participants)
    if message.agent_id not in participants:
        participants.append(message.agent_id)
    updated = replace(
        thread,
        status="replied",
        waiting_since=None,
        contact_id=None,
        conversation_id=conversation_id,
        conversation_started_at=started,
        last_message_at=max(thread.last_message_at, at),
        last_agent_message_at=at,
        assigned_agent_id=thread.assigned_agent_id or message.agent_id,
        participants=participants,
        escalation=None,  # an agent's answer stops the escalation
        last_actor_id=message.agent_id,
        last_actor_at=at,
        unread=False,
        folder="inbox" if thread.folder in ("done", "archived") else thread.folder,
    )
    return updated, replace(message, conversation_id=conversation_id, contact_id=thread.contact_id)


def apply_automatic_message(thread: Thread, message: Message) -> tuple[Thread, Message]:
    """Automatic messages never answer: status and contact stay as they are."""
    return (
        replace(thread, last_message_at=max(thread.last_message_at, message.created_at)),
        replace(message, conversation_id=thread.conversation_id, contact_id=thread.contact_id),
    )


def join(thread: Thread, agent_id: str) -> Thread:
    """Take part in a thread another agent holds, to be allowed to answer."""
    if agent_id in thread.participants:
        return thread
    return replace(thread, participants=[*thread.participants, agent_id])


def set_status(thread: Thread, status: ThreadStatus, at: datetime, actor: str | None = None) -> Thread:
    """A status set by hand: resolved is reversible at any time."""
    if status == thread.status:
        return thread
    return replace(
        thread,
        status=status,
        last_actor_id=actor or thread.last_actor_id,
        last_actor_at=at if actor else thread.last_actor_at,
        waiting_since=at if status == "waiting" else None,
        contact_id=thread.contact_id if status == "waiting" else None,
        escalation=thread.escalation if status == "waiting" else None,
        **(_no_alert() if status == "resolved" else {}),  # a resolved customer is no longer an alert
    )


def transfer(thread: Thread, store_id: str, at: datetime) -> Thread:
    """Move the thread to another store with its whole history; the new store's agents take it over."""
    return replace(thread, store_id=store_id, store_since=at, assigned_agent_id=None, participants=[],
                   escalation=None)


def follow_customer(thread: Thread, message: Message) -> Thread:
    """A customer who writes to another store's number is answered by that store, unless the thread
    was moved since the message was written (the stream may apply a message after a transfer)."""
    if thread.store_id == message.store_id:
        return thread
    if thread.store_since is not None and thread.store_since > message.created_at:
        return thread
    return transfer(thread, message.store_id, message.created_at)


def mark_read(thread: Thread) -> Thread:
    return thread if not thread.unread else replace(thread, unread=False)


def close(thread: Thread, reason: str, agent_id: str, at: datetime) -> Thread:
    """Close with a conversation type: resolved, with who, when and why; the agent's slot frees."""
    return replace(set_status(thread, "resolved", at, agent_id), closed_reason=reason, closed_by=agent_id,
                   closed_at=at)


def snooze(thread: Thread, until: datetime) -> Thread:
    """Pause a thread until a time: it leaves the inbox list and keeps its agent."""
    return replace(thread, snoozed_until=until, escalation=None)  # the agent took it: nobody else is chased


def wake(thread: Thread, until: datetime) -> Thread:
    """The snooze's time is up: back in the inbox, to the same agent. A snooze moved meanwhile stays."""
    return replace(thread, snoozed_until=None) if thread.snoozed_until == until else thread


# -- alerts: strong dissatisfaction ---------------------------------------------------------------
HAND_FLAGGED = "flagged by hand"


def _no_alert() -> dict:
    return {"alert": False, "alert_reason": None, "alert_at": None}


def raise_alert(thread: Thread, reason: str, at: datetime) -> Thread:
    """A customer expressed strong dissatisfaction: the thread is an alert until an agent clears it or the
    thread is resolved. A thread already in alert keeps when and why it was first raised."""
    if thread.alert:
        return thread
    return replace(thread, alert=True, alert_reason=reason, alert_at=at)


def clear_alert(thread: Thread) -> Thread:
    """An agent judged the customer appeased (or the detector wrong)."""
    return replace(thread, **_no_alert()) if thread.alert or thread.alert_reason or thread.alert_at else thread


def set_alert(thread: Thread, alert: bool, at: datetime) -> Thread:
    """An alert raised or cleared by hand."""
    return raise_alert(thread, HAND_FLAGGED, at) if alert else clear_alert(thread)


# -- triage: priority sections, folders, hold, unread indicators -------------------------------------
PRIORITY_ON_HOLD, PRIORITY_ALERT, PRIORITY_NEW = 0, 1, 2


def priority(thread: Thread) -> int:
    """The inbox section of a thread, in the guide's order: customers on hold, alerts, then the others."""
    if thread.on_hold:
        return PRIORITY_ON_HOLD
    return PRIORITY_ALERT if thread.alert else PRIORITY_NEW


def unanswered(thread: Thread) -> bool:
    """Read but not answered: an agent opened it, the customer still waits."""
    return thread.status == "waiting" and not thread.unread


def indicator(thread: Thread) -> str | None:
    """Which global indicator a thread adds to: `new` (waiting, not opened) or `unanswered`."""
    if thread.status != "waiting":
        return None
    return "new" if thread.unread else "unanswered"


def in_spam(thread: Thread) -> bool:
    """A spam thread takes no part: no automatic reply, notification, escalation, count or statistic."""
    return thread.folder == "spam"


def move_to_folder(thread: Thread, folder: Folder, agent_id: str, at: datetime, reason: str | None = None) -> Thread:
    """Mark done, spam or archived, or back to the inbox.

    Archiving records when and by whom the thread was closed. Leaving the inbox ends the thread's
    escalation and snooze: nobody is chased for a spam or a finished thread, and it shows in its folder.
    """
    if folder == thread.folder:
        return thread
    moved = replace(thread, folder=folder, folder_reason=reason, folder_by=agent_id, folder_at=at)
    if folder == "archived":
        moved = replace(moved, closed_at=at, closed_by=agent_id)
    if folder != "inbox":
        moved = replace(moved, escalation=None, snoozed_until=None)
    return moved


def hold(thread: Thread, on_hold: bool, agent_id: str, at: datetime, reason: str | None = None) -> Thread:
    """Put a customer on hold, or take them off it: held threads come first in the inbox."""
    if not on_hold:
        if not thread.on_hold:
            return thread
        return replace(thread, on_hold=False, hold_reason=None, held_by=None, held_at=None)
    if thread.on_hold and thread.hold_reason == reason:
        return thread
    return replace(thread, on_hold=True, hold_reason=reason, held_by=agent_id, held_at=at)
