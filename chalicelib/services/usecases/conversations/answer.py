"""An agent answers a customer, or writes first to a customer's number."""
from __future__ import annotations

from dataclasses import replace

from ...domain import Agent, Attachment, Customer, Message, Store, Template, Thread, access
from ...domain import threads as rules
from ...domain.channels import Capabilities, Inbound, check_window
from ...domain.errors import Conflict, Forbidden, InvalidInput, NotFound, StaleVersion, TooLong
from ...domain.phone import region_of, to_e164
from ...domain.reviews import REVIEW
from ...ports.channels import Channels
from ...ports.clock import Clock
from ...ports.repositories import Directory, IdGenerator, ThreadRepository
from ..optout import OptOuts
from .access import ThreadAccess
from .comments import comment_to_answer
from .common import RETRIES_ON_RACE, customer_id_for, thread_id_for
from .review_reply import review_answer


def check_text(text: str, channel: str, capabilities: Capabilities, attachments: list[Attachment],
               templated: bool = False) -> str:
    """The body to send: not empty unless something is attached (or a template says it), within the channel's
    length (longer input is refused, never cut), with attachments the channel carries."""
    body = text or ""
    if not body.strip() and not attachments and not templated:
        raise InvalidInput.field("text", "must not be empty")
    if not capabilities.accepts(attachments):
        raise InvalidInput.field("attachments", f"{channel} takes at most {capabilities.max_attachments} "
                                                "attachments of the types it carries")
    limit = capabilities.max_length
    if len(body) > limit:
        raise TooLong(
            f"the message has {len(body)} characters; {channel} takes at most {limit}",
            {"text": f"at most {limit} characters ({len(body)} given)"},
        )
    return body


class Answer:
    def __init__(self, threads: ThreadRepository, directory: Directory, access: ThreadAccess, ids: IdGenerator,
                 clock: Clock, channels: Channels, optouts: OptOuts | None = None) -> None:
        self.threads = threads
        self.directory = directory
        self.access = access
        self.ids = ids
        self.clock = clock
        self.channels = channels
        self.optouts = optouts or OptOuts(None, threads, clock)

    def reply(self, agent: Agent, thread_id: str, text: str, attachments: list[Attachment],
              tag: str | None = None, template: Template | None = None, reply_to: str | None = None,
              private: bool = False) -> Message:
        """An agent's answer, stored `queued` for the sender; 409 on a thread another agent holds or to a
        customer who opted out of the store's number; 422 past the channel's reply window without the tag or
        template the channel then requires. With `reply_to` (a comment message's id), a public reply to that
        comment (privately to its author with `private`): replies to comments have no reply window."""
        for _ in range(RETRIES_ON_RACE):
            thread = self.access.writable_thread(agent, thread_id)
            access.require_channel(agent, thread.channel)
            store = self._store(thread.brand_id, thread.store_id)
            if thread.channel == REVIEW:
                message = self._review_answer(agent, thread, store, text, attachments, tag, template, reply_to,
                                              private)
            else:
                message = self._direct(agent, thread, store, text, attachments, tag, template, reply_to, private)
            after, message = rules.apply_agent_message(thread, message)
            try:
                self.threads.save(thread, replace(after, version=thread.version + 1), messages=[message])
                return message
            except StaleVersion:
                continue
        raise StaleVersion("the thread kept changing; try again")

    def _direct(self, agent: Agent, thread: Thread, store: Store, text: str, attachments: list[Attachment],
                tag: str | None, template: Template | None, reply_to: str | None, private: bool) -> Message:
        """An answer on the thread's own channel: a direct message, or a reply to a comment."""
        self.optouts.refuse(thread.brand_id, thread.channel, store.phone_number, thread.customer.phone)
        capabilities = self.channels.get(thread.channel).capabilities
        body = check_text(text, thread.channel, capabilities, attachments, templated=template is not None)
        message = replace(self._outgoing(agent, thread, store, body, attachments), tag=tag, template=template)
        if private and reply_to is None:
            raise InvalidInput.field("private", "a private reply answers a comment: give reply_to")
        if reply_to is None:
            inbound = Inbound(thread.last_direct_at, thread.last_comment_at)
            check_window(thread.channel, capabilities, inbound, self.clock.now(), tag, template)
            return message
        comment = comment_to_answer(self.threads, thread, reply_to, tag, template, private, message.created_at)
        return replace(message, reply_to=comment.id, comment=comment.comment, private=private)

    def _review_answer(self, agent: Agent, thread: Thread, store: Store, text: str, attachments: list[Attachment],
                       tag: str | None, template: Template | None, reply_to: str | None, private: bool) -> Message:
        """An answer to a review: an SMS to its author's known number, else a public reply kept for the source."""
        way = review_answer(thread, store, self.channels, self.optouts, tag, template, reply_to, private)
        body = check_text(text, way.channel, way.capabilities, attachments)
        return replace(self._outgoing(agent, thread, store, body, attachments), channel=way.channel, kind=way.kind,
                       status=way.status)

    def start(self, agent: Agent, *, store_id: str, channel: str, to: str, text: str) -> Thread:
        """An agent writes first to a customer's number from a chosen store."""
        store = self._store_to_write_from(agent, store_id, channel)
        address = to_e164(to, "to", region_of(store.timezone, store.phone_number))
        body = check_text(text, channel, self.channels.get(channel).capabilities, [])
        self.optouts.refuse(agent.brand_id, channel, store.phone_number, address)
        thread_id = thread_id_for(agent.brand_id, channel, address)
        for _ in range(RETRIES_ON_RACE):
            before = self.threads.get(agent.brand_id, thread_id)
            draft = self._outgoing(agent, before, store, body, [], thread_id=thread_id, channel=channel, to=address)
            thread = before or rules.open_thread(
                brand_id=agent.brand_id, thread_id=thread_id, store_id=store.id, channel=channel,
                customer=Customer(id=customer_id_for(agent.brand_id, address), phone=address), message=draft,
            )
            if thread.store_id != store.id:
                thread = rules.transfer(thread, store.id, draft.created_at)
            after, message = rules.apply_agent_message(thread, draft)
            after = replace(after, version=thread.version + 1)
            try:
                self.threads.save(before, after, messages=[message])
                return after
            except StaleVersion:
                continue
        raise StaleVersion("the thread kept changing; try again")

    def _store_to_write_from(self, agent: Agent, store_id: str, channel: str) -> Store:
        if channel not in self.channels.names:
            raise InvalidInput.field("channel", f"one of {', '.join(self.channels.names)}")
        access.require_channel(agent, channel)
        store = self.directory.get_store(agent.brand_id, store_id)
        if store is None or not agent.can_see(store_id):
            raise InvalidInput.field("store_id", "no such store")
        if not agent.can_write(store_id):
            raise Forbidden("this store is read-only for you")
        if not store.phone_number:
            raise Conflict("this store has no textable number yet", {"store_id": "no textable number yet"})
        return store

    def _outgoing(self, agent: Agent, thread: Thread | None, store: Store, text: str, attachments: list[Attachment],
                  *, thread_id: str | None = None, channel: str | None = None, to: str | None = None) -> Message:
        return Message(
            brand_id=agent.brand_id,
            thread_id=thread.id if thread else str(thread_id),
            id=self.ids.new_id("m"),
            direction="out",
            author="agent",
            agent_id=agent.id,
            text=text,
            attachments=attachments,
            created_at=self.clock.now(),
            channel=thread.channel if thread else str(channel),
            store_id=store.id,
            customer_address=(thread.customer.phone if thread else to) or "",
            store_address=store.phone_number or "",
            status="queued",
        )

    def _store(self, brand_id: str, store_id: str) -> Store:
        store = self.directory.get_store(brand_id, store_id)
        if store is None:
            raise NotFound("no such store")
        return store
