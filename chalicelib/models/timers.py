"""Timers and notifications in DynamoDB."""
from __future__ import annotations

from datetime import datetime

from pynamodb.exceptions import DeleteError, PutError

from ..services.domain import Notification, Page
from ..services.ports.clock import iso
from . import cursors, keys
from .conditions import condition_failed
from .items.threads import NotificationItem, TimerItem
from .tables import Item
from .translate.timers import notification_item, notification_of


class DynamoTimers:
    def due(self, now: datetime, limit: int) -> list[TimerItem]:
        """Timers due at `now`, oldest first: one Query on the `timers_due` index."""
        result = Item.timers_due.query(keys.TIMER_QUEUE, TimerItem.due_key <= keys.due_by(iso(now)), limit=limit,
                                       page_size=limit)
        return [item for item in result if isinstance(item, TimerItem)]

    def claim(self, item: TimerItem) -> bool:
        """Deletes the timer if it is still the one seen: it fires once, whoever else sweeps.

        The deletion's stream record carries the timer to its action (at least once, retried).
        """
        try:
            item.delete(condition=TimerItem.due_key == item.due_key, add_version_condition=False)
        except DeleteError as error:
            if condition_failed(error):
                return False
            raise
        return True


class DynamoNotifications:
    def add(self, notification: Notification) -> bool:
        """Stores a notification once: its id follows from what caused it, so a retry adds nothing."""
        try:
            notification_item(notification).save(condition=Item.pk.does_not_exist())
        except PutError as error:
            if condition_failed(error):
                return False
            raise
        return True

    def list(self, brand_id: str, agent_id: str, cursor: str | None, limit: int) -> Page:
        pk = keys.agent_pk(brand_id, agent_id)
        state = cursors.decode(cursor)
        start = cursors.checked_key(state["k"], {"pk": pk}) if "k" in state else None
        result = NotificationItem.query(pk, NotificationItem.sk.startswith(keys.NOTIFICATION_PREFIX),
                                        scan_index_forward=False, limit=limit, page_size=limit,
                                        last_evaluated_key=start)
        page = next(result.page_iter)
        items = [notification_of(NotificationItem.from_raw_data(raw)) for raw in page.get("Items", [])]
        last = result.page_iter.last_evaluated_key
        return Page(items, cursors.encode({"k": cursors.from_key(last)}) if last else None)
