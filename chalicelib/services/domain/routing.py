"""Who is told about a customer: every connected agent, or one at a time by escalation."""
from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timedelta

from . import Agent, Escalation, Store, Thread, Timer
from .automation import opening_hours
from .hours import OpeningHours

ESCALATION = "escalation"


def connected(agents: list[Agent], store: Store, at: datetime) -> list[Agent]:
    """Agents of the store who may be contacted, serve now and are connected (not unavailable) on chat."""
    return [a for a in agents if _contactable(a, store.id) and serving(a, store, at)
            and a.presence.get("chat", "unavailable") != "unavailable"]


def eligible(agents: list[Agent], store: Store, slots: int, at: datetime) -> list[str]:
    """Who escalation may route to: contactable, serving now, available on chat, with a free slot."""
    return [a.id for a in agents if _contactable(a, store.id) and serving(a, store, at)
            and a.presence_on("chat", slots) == "available"]


def serving(agent: Agent, store: Store, at: datetime) -> bool:
    """An agent with serving hours is routed to only within them (in the store's time zone)."""
    if not agent.serving_hours:
        return True
    # The serving ranges read as "closing" ranges: inside one, the opening hours say closed.
    return not OpeningHours.from_raw(agent.serving_hours, store.timezone).is_open(at)


def _contactable(agent: Agent, store_id: str) -> bool:
    rights = agent.rights.get(store_id)
    return bool(rights and rights.contactable)


def pick(mode: str, order: list[str], current: str | None, candidates: list[str], rng: random.Random) -> str | None:
    """The next agent of the escalation list.

    ordered: the first candidate after the current one in the list, going round to the top at its end.
    random: uniformly among candidates, never the current one again while another is eligible.
    """
    listed = [a for a in order if a in candidates]
    if not listed:
        return None
    if mode == "random":
        others = [a for a in listed if a != current]
        return rng.choice(others or listed)
    if current in order:
        start = order.index(current) + 1
        for agent_id in order[start:] + order[:start]:
            if agent_id in listed:
                return agent_id
    return listed[0]


def escalation_timer(thread: Thread, store: Store, since: datetime) -> Timer | None:
    """The next step's timer: `delay_minutes` of the store's open time after `since`."""
    assert thread.escalation is not None
    due = opening_hours(store).add_open_time(since, timedelta(minutes=store.escalation.delay_minutes))
    if due is None:  # a store that never opens
        return None
    return Timer(brand_id=thread.brand_id, kind=ESCALATION, ref=thread.id, due_at=due, payload={
        "contact_id": thread.contact_id or "", "step": str(thread.escalation.step),
        "agent_id": thread.escalation.agent_id or "",
    })


def start_escalation(thread: Thread, store: Store, agents: list[Agent], slots: int, at: datetime,
                     rng: random.Random) -> tuple[Thread, Timer | None]:
    """A new contact in a store with escalation: the first eligible agent of the list is notified at once."""
    settings = store.escalation
    first = pick(settings.mode, settings.agent_ids, None, eligible(agents, store, slots, at), rng)
    escalated = replace(thread, escalation=Escalation(agent_id=first, since=at, step=0))
    return escalated, escalation_timer(escalated, store, at)


def is_current(thread: Thread, timer: Timer) -> bool:
    """A timer acts only on the escalation that set it: an answer, a new contact or a transfer makes it stale."""
    return (thread.status == "waiting" and thread.escalation is not None
            and str(thread.escalation.step) == timer.payload.get("step")
            and (thread.contact_id or "") == timer.payload.get("contact_id")
            and (thread.escalation.agent_id or "") == timer.payload.get("agent_id"))


def taken_by(thread: Thread, timer: Timer) -> bool:
    """The step this timer set off is already saved (a retried stream record after the write)."""
    e = thread.escalation
    return (e is not None and str(e.step - 1) == timer.payload.get("step") and e.since >= timer.due_at
            and (thread.contact_id or "") == timer.payload.get("contact_id"))


def next_step(thread: Thread, store: Store, agents: list[Agent], slots: int, at: datetime,
              rng: random.Random) -> tuple[Thread, Timer | None]:
    """Nobody answered within the delay: the next eligible agent is notified, and so on round the list."""
    assert thread.escalation is not None
    settings = store.escalation
    following = pick(settings.mode, settings.agent_ids, thread.escalation.agent_id,
                     eligible(agents, store, slots, at), rng)
    escalated = replace(thread, escalation=Escalation(agent_id=following, since=at, step=thread.escalation.step + 1))
    return escalated, escalation_timer(escalated, store, at)
