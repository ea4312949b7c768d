"""What the services need from the outside world, as protocols. Adapters live in models/ and channels/."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from ..domain import (
    Agent,
    Brand,
    CustomerLink,
    CustomerProfile,
    Invitation,
    Mention,
    Message,
    NamePosting,
    Note,
    Notification,
    Page,
    PasswordReset,
    Role,
    Store,
    StoreGroup,
    StoreRights,
    Thread,
    ThreadStatus,
    Timer,
    WordPosting,
)
from ..domain.sentiment import Assessment


@dataclass(frozen=True)
class ThreadQuery:
    brand_id: str
    store_ids: tuple[str, ...] | None  # None: every store of the brand
    statuses: tuple[ThreadStatus, ...]
    folder: str = "inbox"
    sort: str = "recent"  # recent | waiting
    limit: int = 50
    cursor: str | None = None


@dataclass(frozen=True)
class InboxCounts:
    totals: dict[str, int]
    counted_stores: frozenset[str]  # stores that have had a thread: they exist
    indicators: dict[str, int] = field(default_factory=dict)  # global indicators: new and unanswered threads


class Directory(Protocol):
    """Brands, stores, agents and invitations."""

    def add_brand(self, brand: Brand) -> None: ...
    def get_brand(self, brand_id: str) -> Brand | None: ...
    def save_brand(self, brand: Brand) -> None: ...

    def add_store(self, store: Store) -> None:
        """Raises AlreadyExists when the store's phone number belongs to another store."""
    def get_store(self, brand_id: str, store_id: str) -> Store | None: ...
    def list_stores(self, brand_id: str) -> list[Store]: ...
    def save_store(self, store: Store, previous_phone: str | None) -> None: ...
    def save_store_settings(self, store: Store) -> None: ...
    def find_store_by_number(self, phone_number: str) -> Store | None: ...
    def find_store_ref_by_number(self, phone_number: str) -> tuple[str, str] | None:
        """(brand id, store id) of a number in one read: all an inbound webhook needs before storing."""

    def add_agent(self, agent: Agent) -> None:
        """Raises AlreadyExists when the e-mail is taken."""
    def get_agent(self, brand_id: str, agent_id: str) -> Agent | None: ...
    def find_agent_by_email(self, email: str) -> Agent | None: ...
    def list_agents(self, brand_id: str) -> list[Agent]: ...
    def save_agent(self, agent: Agent, previous_email: str | None = None) -> None: ...
    def save_presence(self, agent: Agent) -> None: ...
    def save_serving_hours(self, agent: Agent) -> None: ...
    def save_rights(self, agent: Agent, previous: dict[str, StoreRights]) -> None:
        """Saves the whole matrix and keeps each store's agent_count exact."""

    def add_invitation(self, invitation: Invitation) -> None: ...
    def get_invitation(self, brand_id: str, token_hash: str) -> Invitation | None: ...
    def accept_invitation(self, invitation: Invitation, agent: Agent) -> None:
        """Marks the invitation used and adds the agent, atomically; Conflict if already used."""


class ThreadRepository(Protocol):
    """Threads and their messages."""

    def get(self, brand_id: str, thread_id: str) -> Thread | None: ...

    def get_many(self, brand_id: str, thread_ids: Sequence[str]) -> dict[str, Thread]:
        """The threads among these ids that exist, by id, in one read (a batch of stream records' threads)."""

    def record_inbound(self, message: Message, provider_key: str | None) -> bool:
        """Stores an incoming message first of all. False when the provider id was seen already."""

    def save(self, before: Thread | None, after: Thread, messages: Sequence[Message] = (),
             applied: Sequence[Message] = (), timers: Sequence[Timer] = (), notes: Sequence[Note] = ()) -> None:
        """Writes the thread (conditional on `before.version`), adds `messages`, marks `applied` messages applied.

        Raises StaleVersion when the thread changed, AlreadyApplied when an `applied` message was applied before.
        Puts `timers` (replacing a timer of the same kind and thread). Keeps the per-store counts of
        statuses and the agents' open threads exact in the same write. Adds `notes` to the invisible thread.
        """

    def get_message(self, brand_id: str, thread_id: str, message_key: str) -> Message | None:
        """A message by `<created_at ISO>#<id>`, the order key of messages."""
    def list_messages(self, brand_id: str, thread_id: str, cursor: str | None, limit: int) -> Page: ...
    def list_threads(self, query: ThreadQuery) -> Page: ...
    def counts(self, brand_id: str, store_ids: tuple[str, ...] | None) -> InboxCounts:
        """Threads per status in the inbox of the stores in view (all the brand's for None), in one read."""

    def advance_delivery(
        self, message: Message, status: str, provider_id: str | None = None, error: str | None = None
    ) -> bool:
        """Moves an outgoing message's status forward only; False when it would move backwards."""

    def mark_read(self, message: Message, at: datetime) -> bool:
        """Records when the customer read an outgoing message, once: False when it was read already or is unknown."""

    def claim_delivery(self, message: Message, watchdog: Timer) -> bool:
        """Moves a queued message to `sending` and puts its watchdog timer, in one write; False if not queued."""

    def release_delivery(self, message: Message) -> None:
        """Gives a message claimed `sending` back to `queued`, for a retry."""


class Mailer(Protocol):
    def send(self, *, to: str, subject: str, body: str) -> None: ...


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...
    def verify(self, password_hash: str, password: str) -> bool: ...
    def dummy_hash(self) -> str:
        """A hash no password matches, as costly to verify as a real one: unknown e-mails cost the same."""


class Tokens(Protocol):
    def issue(self, brand_id: str, agent_id: str, now: datetime) -> str: ...
    def read(self, token: str, now: datetime) -> tuple[str, str]:
        """(brand_id, agent_id), or NotAuthenticated."""
    def read_session(self, token: str, now: datetime) -> tuple[str, str, datetime]:
        """(brand_id, agent_id, issued_at), or NotAuthenticated."""


class IdGenerator(Protocol):
    def new_id(self, prefix: str) -> str: ...
    def token(self) -> str: ...


class Notifications(Protocol):
    def add(self, notification: Notification) -> bool:
        """Stores it once; False when a notification with this id exists already."""
    def list(self, brand_id: str, agent_id: str, cursor: str | None, limit: int) -> Page: ...


class TimerQueue(Protocol):
    def due(self, now: datetime, limit: int) -> list[Any]:
        """Handles of the timers due at `now`, oldest first, at most `limit`."""
    def claim(self, handle: Any) -> bool:
        """Takes a due timer off the queue; True for exactly one caller. Its action follows from the stream."""


class SentimentDetector(Protocol):
    """Tells whether a customer's message expresses strong dissatisfaction. Never raises: a detector
    that cannot tell answers no alert, so that a message is never lost for want of a sentiment."""

    def assess(self, text: str) -> Assessment: ...


class NoteRepository(Protocol):
    """The invisible thread's notes and the agents' mentions inbox."""

    def add(self, note: Note, mentions: Sequence[Mention] = ()) -> None:
        """Stores a note, the mentions it makes and their agents' unread counts, in one write."""
    def list_notes(self, brand_id: str, thread_id: str, cursor: str | None, limit: int) -> Page:
        """Notes of a thread, newest first."""
    def list_mentions(self, brand_id: str, agent_id: str, cursor: str | None, limit: int, unread_only: bool) -> Page:
        """An agent's mentions, newest first; only the unread ones with `unread_only`."""
    def unread_mentions(self, brand_id: str, agent_id: str) -> int:
        """The maintained count of the agent's unread mentions (one read)."""
    def get_mention(self, brand_id: str, agent_id: str, mention_id: str) -> Mention | None: ...
    def read_mention(self, mention: Mention) -> bool:
        """Marks a mention read and takes it off the unread count, once; False when it was read already."""


class AdminRepository(Protocol):
    """Store groups, roles, password reset links and account deletion."""

    def add_group(self, group: StoreGroup) -> None: ...
    def get_group(self, brand_id: str, group_id: str) -> StoreGroup | None: ...
    def list_groups(self, brand_id: str) -> list[StoreGroup]: ...
    def save_group(self, group: StoreGroup) -> None:
        """Name and stores; NotFound when the group was deleted meanwhile."""
    def delete_group(self, brand_id: str, group_id: str) -> bool:
        """False when there was no such group."""

    def add_role(self, role: Role) -> None: ...
    def get_role(self, brand_id: str, role_id: str) -> Role | None: ...
    def list_roles(self, brand_id: str) -> list[Role]: ...
    def save_role(self, role: Role) -> None:
        """Name, sections and channels (never the maintained agent_count); NotFound when deleted meanwhile."""
    def delete_role(self, brand_id: str, role_id: str) -> None:
        """Conflict while an agent has the role; NotFound when there is no such role."""
    def set_role(self, agent: Agent, previous_role_id: str | None) -> None:
        """Saves `agent.role_id` and keeps each role's agent_count exact; Conflict when the role is gone."""

    def save_password(self, agent: Agent) -> None:
        """The password hash and `password_changed_at`, nothing else of the account."""
    def add_reset(self, reset: PasswordReset) -> None: ...
    def get_reset(self, brand_id: str, token: str) -> PasswordReset | None: ...
    def use_reset(self, reset: PasswordReset, agent: Agent) -> None:
        """Marks the link used and saves the agent's new password in one write; Conflict when used already."""

    def delete_agent(self, tombstone: Agent, before: Agent) -> None:
        """Replaces the account by its tombstone, frees its e-mail, keeps the stores' and roles' agent counts exact.

        Conflict when the account was deleted already.
        """


class SearchIndex(Protocol):
    """Words of messages and of customers' names, for search. DynamoDB now; OpenSearch could take over."""

    def put_words(self, postings: Sequence[WordPosting]) -> None:
        """Stores postings; putting one again changes nothing (stream records come at least once)."""
    def words(self, brand_id: str, word: str, also: Sequence[str], after: str | None,
              limit: int) -> tuple[list[WordPosting], str | None]:
        """Postings of `word` whose message also has every word of `also`, newest first: one read of at most
        `limit` postings after the position `after`; the position after the last one read, or None at the end."""
    def position(self, posting: WordPosting | NamePosting) -> str:
        """Where a posting is in its list: `after` for the next read."""

    def put_names(self, postings: Sequence[NamePosting]) -> None: ...
    def delete_names(self, brand_id: str, customer_id: str, words: Sequence[str]) -> None: ...
    def names(self, brand_id: str, word: str, also: Sequence[str], after: str | None,
              limit: int) -> tuple[list[NamePosting], str | None]:
        """Customers whose name has `word` and every word of `also`, by customer id, paged like `words`."""

    def threads(self, brand_id: str, thread_ids: Sequence[str]) -> dict[str, Thread]:
        """The threads that exist among these ids, in one read."""


class CustomerRepository(Protocol):
    """Customer records of a brand and the threads of each customer."""

    def get(self, brand_id: str, customer_id: str) -> CustomerProfile | None: ...
    def get_many(self, brand_id: str, customer_ids: Sequence[str]) -> dict[str, CustomerProfile]: ...
    def save_many(self, profiles: Sequence[CustomerProfile]) -> None:
        """Puts whole records, in batches."""
    def with_threads(self, brand_id: str, customer_id: str) -> tuple[CustomerProfile | None, list[CustomerLink]]:
        """The record (None if the head office never described the customer) and its thread links, in one read."""
    def save_link(self, link: CustomerLink) -> None:
        """Sets the link's given fields, keeping the others: idempotent."""
    def threads(self, brand_id: str, thread_ids: Sequence[str]) -> dict[str, Thread]: ...
