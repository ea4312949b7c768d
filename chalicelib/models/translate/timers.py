"""Timers and notifications."""
from __future__ import annotations

from ...correlation import current_correlation_id
from ...services.domain import Notification, Timer
from ...services.ports.clock import iso, parse_iso
from .. import keys
from ..items.threads import NotificationItem, TimerItem


def timer_item(timer: Timer) -> TimerItem:
    pk = keys.timer_pk(timer.brand_id, timer.kind, timer.ref)
    due = iso(timer.due_at)
    return TimerItem(pk, keys.TIMER_SK, brand_id=timer.brand_id, timer_kind=timer.kind, ref=timer.ref, due_at=due,
                     payload=dict(timer.payload), timer_queue=keys.TIMER_QUEUE, due_key=keys.due_key(due, pk),
                     correlation_id=current_correlation_id())


def timer_of(item: TimerItem) -> Timer:
    return Timer(brand_id=item.brand_id, kind=item.timer_kind, ref=item.ref, due_at=parse_iso(item.due_at),
                 payload={str(k): str(v) for k, v in (item.payload or {}).items()})


def notification_item(n: Notification) -> NotificationItem:
    return NotificationItem(keys.agent_pk(n.brand_id, n.agent_id), keys.notification_sk(iso(n.created_at), n.id),
                            brand_id=n.brand_id, agent_id=n.agent_id, notification_id=n.id,
                            notification_kind=n.kind, thread_id=n.thread_id, created_at=iso(n.created_at),
                            read=n.read, correlation_id=current_correlation_id())


def notification_of(item: NotificationItem) -> Notification:
    return Notification(brand_id=item.brand_id, agent_id=item.agent_id, id=item.notification_id,
                        kind=item.notification_kind, thread_id=item.thread_id, created_at=parse_iso(item.created_at),
                        read=bool(item.read))
