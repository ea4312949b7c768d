"""Collaboration on a thread: the invisible thread's notes, mentions, transfers, delegation, sharing.

A note never changes the thread (no version, status or statistics; never sent to a channel). An action that
moves the thread (transfer, share) writes its system note in the thread's own transaction; the notifications
and e-mails follow the write, keyed by the note so that a retry adds nothing.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from ..domain import Agent, Brand, Mention, Message, Note, Page, Store, Thread
from ..domain.errors import Conflict, InvalidInput, NotFound, StaleVersion
from ..domain.notes import check_mentions, check_note_text, full_name, mentioned_ids, mentions_of, readable
from ..ports.clock import Clock, iso, parse_iso
from ..ports.repositories import Directory, IdGenerator, Mailer, NoteRepository, ThreadRepository
from .accounts import normalise_email
from .conversations.access import ThreadAccess
from .conversations.transfer import Transfer
from .notifier import Notifier

MAX_PAGE = 100
MAX_COMMENT = 2000
DELEGATED_MESSAGES = 50
RETRIES_ON_RACE = 5


def hand_over(thread: Thread, colleague_id: str) -> Thread:
    """A transfer to a colleague hands the thread over whole: the colleague holds it alone, so anyone else
    (the former holder included) joins again before answering. Nobody else is chased by escalation."""
    return replace(thread, assigned_agent_id=colleague_id, participants=[colleague_id], escalation=None)


def contactable_agents(agents: list[Agent], store_id: str, actor: Agent) -> list[Agent]:
    """Who hears of a thread arriving in a store: its contactable agents, connected or not, but the actor."""
    return [a for a in agents if a.id != actor.id and (r := a.rights.get(store_id)) is not None and r.contactable]


def check_comment(comment: str | None) -> str | None:
    text = (comment or "").strip()
    if len(text) > MAX_COMMENT:
        raise InvalidInput.field("comment", f"at most {MAX_COMMENT} characters")
    return text or None


def check_service_email(raw: str) -> str | None:
    """The brand's customer-service address, checked like a login; an empty one removes it."""
    return normalise_email(raw, "service_email") if (raw or "").strip() else None


class Collaboration:
    def __init__(self, notes: NoteRepository, threads: ThreadRepository, directory: Directory,
                 access: ThreadAccess, transfer: Transfer, notifier: Notifier, mailer: Mailer, ids: IdGenerator,
                 clock: Clock, public_base_url: str) -> None:
        self.notes = notes
        self.threads = threads
        self.directory = directory
        self.access = access
        self.store_transfer = transfer
        self.notifier = notifier
        self.mailer = mailer
        self.ids = ids
        self.clock = clock
        self.public_base_url = public_base_url.rstrip("/")

    # -- the invisible thread and mentions ----------------------------------------------------
    def add_note(self, agent: Agent, thread_id: str, text: str) -> Note:
        """A note for colleagues. Each @[agent_id] must name a colleague who can see the thread; the note and
        its mentions are stored in one write, then each colleague is notified (and e-mailed if they opted in)."""
        thread = self.access.writable_thread(agent, thread_id)
        text = check_note_text(text)
        ids = mentioned_ids(text)
        agents = self.directory.list_agents(agent.brand_id) if ids else []
        mentioned = check_mentions(ids, agents, thread)
        note = Note(brand_id=agent.brand_id, thread_id=thread.id, id=self.ids.new_id("n"), kind="note",
                    author_agent_id=agent.id, text=text, created_at=self._now(), mentions=ids)
        mentions = mentions_of(note, mentioned)
        self.notes.add(note, mentions)
        for colleague in mentioned:
            if colleague.id != agent.id:  # mentioning oneself is no news
                self.notifier.mentioned(note, thread, colleague, agent, readable(text, agents))
        return note

    def list_notes(self, agent: Agent, thread_id: str, cursor: str | None, limit: int) -> Page:
        """The invisible thread, newest first: every agent who can see the thread reads it."""
        thread = self.access.visible_thread(agent, thread_id)
        return self.notes.list_notes(agent.brand_id, thread.id, cursor, _limit(limit))

    def mentions(self, agent: Agent, cursor: str | None, limit: int, unread_only: bool) -> tuple[Page, int]:
        """The caller's mentions inbox, newest first, and how many are unread (a maintained count)."""
        page = self.notes.list_mentions(agent.brand_id, agent.id, cursor, _limit(limit), unread_only)
        return page, self.notes.unread_mentions(agent.brand_id, agent.id)

    def read_mention(self, agent: Agent, mention_id: str) -> Mention:
        """Marks one of the caller's mentions read; reading it again changes nothing."""
        mention = self.notes.get_mention(agent.brand_id, agent.id, mention_id)
        if mention is None:
            raise NotFound("no such mention")
        if not mention.read:
            self.notes.read_mention(mention)
        return replace(mention, read=True)

    # -- transfers ----------------------------------------------------------------------------
    def transfer(self, agent: Agent, thread_id: str, *, store_id: str | None = None,
                 agent_id: str | None = None) -> Thread:
        """To another store or to a colleague: exactly one of the two."""
        if (store_id is None) == (agent_id is None):
            raise InvalidInput.field("body", "give exactly one of store_id or agent_id")
        if store_id is not None:
            return self._to_store(agent, thread_id, store_id)
        return self._to_colleague(agent, thread_id, str(agent_id))

    def _to_store(self, agent: Agent, thread_id: str, store_id: str) -> Thread:
        """The thread's 404/403 come before an unknown store's 400: Transfer.transfer checks them in
        that order, and only then asks for the note."""
        stores = {s.id: s for s in self.directory.list_stores(agent.brand_id)}
        note_id, now = self.ids.new_id("n"), self._now()
        written: list[Note] = []

        def note(before: Thread) -> Note:
            origin, target = (stores[s].name if s in stores else s for s in (before.store_id, store_id))
            written[:] = [self._system(before, note_id, now, f"Transferred from {origin} to "
                                                             f"{target} by {full_name(agent)}")]
            return written[0]

        thread = self.store_transfer.transfer(agent, thread_id, store_id, note=note)
        receivers = contactable_agents(self.directory.list_agents(agent.brand_id), store_id, agent)
        self.notifier.handed_over("transfer", written[0], thread, receivers)
        return thread

    def _to_colleague(self, agent: Agent, thread_id: str, colleague_id: str) -> Thread:
        note_id, now = self.ids.new_id("n"), self._now()
        colleague: Agent | None = None
        for _ in range(RETRIES_ON_RACE):
            thread = self.access.writable_thread(agent, thread_id)  # first: 404 for a thread out of sight
            colleague = colleague or self.directory.get_agent(agent.brand_id, colleague_id)
            if colleague is None or colleague.id == agent.id:
                raise InvalidInput.field("agent_id", "not a colleague of your brand")
            if not colleague.can_write(thread.store_id):
                raise InvalidInput.field("agent_id", "this colleague cannot answer in the thread's store")
            note = self._system(thread, note_id, now,
                                f"Transferred to {full_name(colleague)} by {full_name(agent)}")
            after = replace(hand_over(thread, colleague.id), version=thread.version + 1)
            try:
                self.threads.save(thread, after, notes=[note])
            except StaleVersion:
                continue
            self.notifier.handed_over("transfer", note, after, [colleague])
            return after
        raise StaleVersion("the thread kept changing; try again")

    def share(self, agent: Agent, thread_id: str, store_id: str, comment: str | None) -> Thread:
        """Shares the thread with another store for information: its agents may read it, not write in it."""
        comment = check_comment(comment)
        note_id, now = self.ids.new_id("n"), self._now()
        store: Store | None = None
        for _ in range(RETRIES_ON_RACE):
            thread = self.access.writable_thread(agent, thread_id)  # first: 404 for a thread out of sight
            store = store or self.directory.get_store(agent.brand_id, store_id)
            if store is None:
                raise InvalidInput.field("store_id", "no such store")
            if store_id == thread.store_id:
                raise InvalidInput.field("store_id", "the thread is in this store already")
            if store_id in thread.shared_with:
                return thread
            note = self._system(thread, note_id, now, _with_comment(
                f"Shared with {store.name} for information by {full_name(agent)}", comment))
            after = replace(thread, shared_with=[*thread.shared_with, store_id], version=thread.version + 1)
            try:
                self.threads.save(thread, after, notes=[note])
            except StaleVersion:
                continue
            receivers = contactable_agents(self.directory.list_agents(agent.brand_id), store_id, agent)
            self.notifier.handed_over("share", note, after, receivers)
            return after
        raise StaleVersion("the thread kept changing; try again")

    def delegate(self, agent: Agent, thread_id: str, comment: str | None) -> Thread:
        """Sends the thread by e-mail to the brand's customer service; the invisible thread records it."""
        thread = self.access.writable_thread(agent, thread_id)
        comment = check_comment(comment)
        brand = self.directory.get_brand(agent.brand_id)
        if brand is None or not brand.service_email:
            raise Conflict("the brand has no customer-service e-mail address yet: "
                           "a brand admin sets service_email with PATCH /v1/brand")
        store = self.directory.get_store(agent.brand_id, thread.store_id)
        history = self.threads.list_messages(agent.brand_id, thread.id, None, DELEGATED_MESSAGES).items
        agents = self.directory.list_agents(agent.brand_id)
        note = self._system(thread, self.ids.new_id("n"), self._now(), _with_comment(
            f"Delegated to {brand.service_email} by {full_name(agent)}", comment))
        self.notes.add(note)
        subject, body = self._delegation_mail(brand, thread, store, list(reversed(history)), agents, agent, comment)
        self.mailer.send(to=str(brand.service_email), subject=subject, body=body)
        return thread

    def _delegation_mail(self, brand: Brand, thread: Thread, store: Store | None, messages: list[Message],
                         agents: list[Agent], sender: Agent, comment: str | None) -> tuple[str, str]:
        customer = thread.customer.name or thread.customer.phone or thread.customer.id
        names = {a.id: full_name(a) for a in agents}
        lines = [f"{full_name(sender)} delegates a customer thread of {brand.name} to you.", ""]
        if comment:
            lines += [f"Comment: {comment}", ""]
        lines += [f"Customer: {customer}" + (f" ({thread.customer.phone})" if thread.customer.name else ""),
                  f"Store: {store.name if store else thread.store_id}",
                  f"Thread: {self.public_base_url}/threads/{thread.id}", "",
                  f"Messages (the last {DELEGATED_MESSAGES} at most, oldest first):"]
        for m in messages:
            author = {"customer": customer, "auto": "Automatic message"}.get(
                m.author, names.get(m.agent_id or "", "An agent"))
            lines.append(f"[{m.created_at.strftime('%Y-%m-%d %H:%M')} UTC] {author}: {m.text}")
        return f"Customer thread delegated: {customer} ({store.name if store else thread.store_id})", "\n".join(lines)

    # -- helpers ------------------------------------------------------------------------------
    def _system(self, thread: Thread, note_id: str, at: datetime, text: str) -> Note:
        return Note(brand_id=thread.brand_id, thread_id=thread.id, id=note_id, kind="system", author_agent_id=None,
                    text=text, created_at=at)

    def _now(self) -> datetime:
        """To the millisecond, as stored: a note read back is the note written."""
        return parse_iso(iso(self.clock.now()))


def _with_comment(text: str, comment: str | None) -> str:
    return f"{text}: {comment}" if comment else text


def _limit(limit: int) -> int:
    if limit < 1 or limit > MAX_PAGE:
        raise InvalidInput.field("limit", f"from 1 to {MAX_PAGE}")
    return limit
