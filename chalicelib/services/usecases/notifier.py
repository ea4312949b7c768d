"""Notifications of new messages, escalations, mentions, transfers: in the agent's list at once, and by e-mail
for agents who opted in."""
from __future__ import annotations

from collections.abc import Iterable

from ..domain import Agent, Message, Note, Notification, Page, Store, Thread
from ..domain.errors import InvalidInput
from ..domain.routing import connected
from ..ports.repositories import Mailer, Notifications

MAX_PAGE = 100


class Notifier:
    def __init__(self, notifications: Notifications, mailer: Mailer, public_base_url: str) -> None:
        self.notifications = notifications
        self.mailer = mailer
        self.public_base_url = public_base_url.rstrip("/")

    def customer_wrote(self, thread: Thread, message: Message, store: Store, agents: list[Agent]) -> None:
        """Without escalation every connected agent of the store is told; with it, the agent escalated to."""
        if store.escalation.mode == "off":
            targets = connected(agents, store, message.created_at)
        else:
            current = thread.escalation.agent_id if thread.escalation else None
            targets = [a for a in agents if a.id == current]
        for agent in targets:
            self._notify(agent, "new_message", thread, f"n{message.id}{agent.id}", message, store)

    def escalated(self, thread: Thread, agent: Agent, store: Store) -> None:
        assert thread.escalation is not None
        # One id per contact and step: a retry adds nothing, a later contact's steps are new.
        step_id = f"e{thread.id}{thread.contact_id or ''}{thread.escalation.step}"
        self._notify(agent, "escalation", thread, step_id, None, store)

    def list(self, agent: Agent, cursor: str | None, limit: int) -> Page:
        """A page of the agent's notifications, newest first."""
        if not 1 <= limit <= MAX_PAGE:
            raise InvalidInput.field("limit", f"from 1 to {MAX_PAGE}")
        return self.notifications.list(agent.brand_id, agent.id, cursor, limit)

    def _notify(self, agent: Agent, kind: str, thread: Thread, notification_id: str, message: Message | None,
                store: Store) -> None:
        at = message.created_at if message else thread.escalation.since if thread.escalation else thread.last_message_at
        added = self.notifications.add(Notification(brand_id=thread.brand_id, agent_id=agent.id, id=notification_id,
                                                    kind=kind, thread_id=thread.id, created_at=at))
        # The e-mail follows the first write only: a retried stream record does not send it twice.
        if added and agent.notify_new_message:
            who = thread.customer.name or thread.customer.phone or "A customer"
            what = "is waiting for an answer" if kind == "escalation" else "wrote"
            text = f"{who} {what} at {store.name}."
            if message is not None and message.text:
                text += f"\n\n> {message.text[:500]}"
            self.mailer.send(to=agent.email, subject=f"{who} {what} ({store.name})",
                             body=f"{text}\n\nOpen the thread: {self.public_base_url}/threads/{thread.id}")

    def mentioned(self, note: Note, thread: Thread, agent: Agent, author: Agent, readable_text: str) -> None:
        """A `mention` in the agent's notifications, and an e-mail if the agent wants one. Ids follow
        from the note and the agent: a retry adds nothing and sends nothing again."""
        added = self.notifications.add(Notification(brand_id=note.brand_id, agent_id=agent.id,
                                                    id=f"m{note.id}{agent.id}", kind="mention",
                                                    thread_id=thread.id, created_at=note.created_at))
        if added and agent.notify_mention:
            who = f"{author.first_name} {author.last_name}".strip() or author.email
            self.mailer.send(to=agent.email, subject=f"{who} mentioned you in a note",
                             body=f"{who} wrote:\n\n> {readable_text[:1000]}\n\n"
                                  f"Open the thread: {self.public_base_url}/threads/{thread.id}")

    def handed_over(self, kind: str, note: Note, thread: Thread, agents: Iterable[Agent]) -> None:
        """A `transfer` (or `share`) in each receiving agent's notifications, keyed by the note that
        records it. A transferred thread is work arriving, so it is e-mailed like a new message."""
        for agent in agents:
            added = self.notifications.add(Notification(brand_id=note.brand_id, agent_id=agent.id,
                                                        id=f"{kind[0]}{note.id}{agent.id}", kind=kind,
                                                        thread_id=thread.id, created_at=note.created_at))
            if added and kind == "transfer" and agent.notify_new_message:
                who = thread.customer.name or thread.customer.phone or "A customer"
                self.mailer.send(to=agent.email, subject=f"A thread was transferred to you: {who}",
                                 body=f"{note.text}\n\nOpen the thread: {self.public_base_url}/threads/{thread.id}")
