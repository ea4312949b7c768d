"""Customer records and the customer panel beside a thread.

A brand's head office describes its customers by phone number: a name and attributes (age, segment,
purchase amount...) shown as given, one at a time or by CSV import. Beside each record the stream keeps
one link per thread of the customer, so that the panel lists the customer's other threads in one read.

Updates keep what they do not mention: PUT without `name` keeps the name (`null` or "" removes it),
without `attributes` keeps them (given, they replace them all); an import row sets the name and the
attributes of its non-empty cells and leaves the rest as stored.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from ..domain import Agent, CustomerLink, CustomerProfile, Message, Thread
from ..domain.errors import Forbidden, InvalidInput, NotFound, StaleVersion
from ..domain.notes import sees_thread
from ..domain.phone import region_of, to_e164
from ..ports.clock import Clock
from ..ports.repositories import CustomerRepository, Directory, ThreadRepository
from .conversations.common import RETRIES_ON_RACE, customer_id_for
from .customer_file import MAX_ATTRIBUTES, MAX_KEY, MAX_VALUE, CustomerFile

UNKNOWN = "Unknown customer"  # shown when neither the platform nor the head office named them


@dataclass
class CustomerView:
    """A customer as an agent may see them: the record (if any), where they wrote, their visible threads."""

    id: str
    phone: str | None
    profile: CustomerProfile | None
    channel: str | None = None
    store_number: str | None = None
    threads: list[Thread] = field(default_factory=list)
    known_as: str | None = None  # the name the thread shows (the platform's), when the head office gave none

    @property
    def name(self) -> str | None:
        return (self.profile.name if self.profile else None) or self.known_as

    @property
    def display_name(self) -> str:
        return self.name or UNKNOWN


def attribute_value(key: str, value: Any, where: str = "attributes") -> str:
    """An attribute's value as the string it is shown as; InvalidInput names the attribute when unfit."""
    if not key.strip() or len(key) > MAX_KEY:
        raise InvalidInput.field(where, f"attribute names have 1 to {MAX_KEY} characters ('{key[:80]}')")
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, int | float | str):
        text = str(value)
    else:
        raise InvalidInput.field(f"{where}.{key}", "a text or a number")
    if len(text) > MAX_VALUE:
        raise InvalidInput.field(f"{where}.{key}", f"at most {MAX_VALUE} characters")
    return text


class Customers:
    def __init__(self, customers: CustomerRepository, threads: ThreadRepository, directory: Directory,
                 clock: Clock) -> None:
        self.customers = customers
        self.threads = threads
        self.directory = directory
        self.clock = clock

    # -- kept from the stream (idempotent) -----------------------------------------------------
    def thread_changed(self, before: Thread | None, after: Thread) -> None:
        """A thread was created or moved to another store: its customer's link says where it is. A new
        thread of a customer the head office already named shows that name."""
        if before is not None and before.store_id == after.store_id:
            return
        self.customers.save_link(CustomerLink(brand_id=after.brand_id, customer_id=after.customer.id,
                                              thread_id=after.id, store_id=after.store_id, channel=after.channel))
        if before is None:
            profile = self.customers.get(after.brand_id, after.customer.id)
            if profile is not None and profile.name and profile.name != after.customer.name:
                self._rename(after.brand_id, after.id, profile.name)

    def name_changed(self, before: CustomerProfile | None, after: CustomerProfile | None) -> None:
        """The head office named or renamed a customer: every thread of the customer shows it (the inbox list,
        the `{first_name}` of canned responses). From the stream, idempotent."""
        if after is None or (before is not None and before.name == after.name):
            return
        _, links = self.customers.with_threads(after.brand_id, after.id)
        for link in links:
            self._rename(after.brand_id, link.thread_id, after.name)

    def _rename(self, brand_id: str, thread_id: str, name: str | None) -> None:
        for _ in range(RETRIES_ON_RACE):
            thread = self.threads.get(brand_id, thread_id)
            if thread is None or thread.customer.name == name:
                return
            renamed = replace(thread, customer=replace(thread.customer, name=name), version=thread.version + 1)
            try:
                self.threads.save(thread, renamed)
                return
            except StaleVersion:
                continue
        raise StaleVersion("the thread kept changing while the customer's name was set")

    def message_stored(self, message: Message) -> None:
        """A customer wrote: the link remembers the store number they wrote to."""
        if message.direction != "in" or not message.store_address:
            return
        self.customers.save_link(CustomerLink(
            brand_id=message.brand_id, customer_id=customer_id_for(message.brand_id, message.customer_address),
            thread_id=message.thread_id, channel=message.channel, store_number=message.store_address))

    # -- agents read ---------------------------------------------------------------------------
    def panel(self, agent: Agent, thread_id: str) -> CustomerView:
        """The customer of a thread the agent sees, with the customer's other threads the agent sees."""
        thread = self.threads.get(agent.brand_id, thread_id)
        if thread is None or not sees_thread(agent, thread):
            raise NotFound("no such thread")
        profile, links = self.customers.with_threads(agent.brand_id, thread.customer.id)
        others = [link.thread_id for link in links if link.thread_id != thread.id]
        found = self.customers.threads(agent.brand_id, others) if others else {}
        number = next((link.store_number for link in links if link.thread_id == thread.id), None)
        if number is None:
            store = self.directory.get_store(agent.brand_id, thread.store_id)
            number = store.phone_number if store else None
        return CustomerView(id=thread.customer.id, phone=(profile.phone if profile else None) or thread.customer.phone,
                            profile=profile, channel=thread.channel, store_number=number,
                            threads=_visible(agent, found.values()), known_as=thread.customer.name)

    def get(self, agent: Agent, phone: str) -> CustomerView:
        """A customer by number: brand admins see every record; others only a customer of a thread they see."""
        number = self._number(agent.brand_id, phone)
        customer_id = customer_id_for(agent.brand_id, number)
        profile, links = self.customers.with_threads(agent.brand_id, customer_id)
        found = self.customers.threads(agent.brand_id, [link.thread_id for link in links]) if links else {}
        threads = _visible(agent, found.values())
        if (profile is None and not links) or (not agent.brand_admin and not threads):
            raise NotFound("no such customer")
        latest = threads[0] if threads else None
        number_written = next((link.store_number for link in links if latest and link.thread_id == latest.id), None)
        return CustomerView(id=customer_id, phone=number, profile=profile,
                            channel=latest.channel if latest else None, store_number=number_written, threads=threads)

    # -- the head office writes ----------------------------------------------------------------
    def put(self, agent: Agent, phone: str, changes: dict[str, Any]) -> CustomerView:
        """Describes one customer by number (brand admins). `changes` holds only the fields sent."""
        _brand_admin(agent)
        number = self._number(agent.brand_id, phone)
        attributes = changes.get("attributes")
        if attributes is not None:
            if len(attributes) > MAX_ATTRIBUTES:
                raise InvalidInput.field("attributes", f"at most {MAX_ATTRIBUTES} attributes")
            attributes = {k: attribute_value(k, v) for k, v in attributes.items()}
        customer_id = customer_id_for(agent.brand_id, number)
        current = self.customers.get(agent.brand_id, customer_id) or CustomerProfile(
            brand_id=agent.brand_id, id=customer_id, phone=number)
        after = replace(current, phone=number, updated_at=self.clock.now())
        if "name" in changes:
            after.name = (changes["name"] or "").strip() or None
        if attributes is not None:
            after.attributes = attributes
        self.customers.save_many([after])
        return self.get(agent, number)

    def import_csv(self, agent: Agent, raw: bytes | str) -> int:
        """Customers from a CSV file (UTF-8, `,` or `;`, a header with a `phone` column, optional `name`,
        any other column an attribute). The whole file is checked first: one bad line and nothing is written."""
        _brand_admin(agent)
        rows = CustomerFile(raw, self._region(agent.brand_id))
        rows.raise_errors()
        ids = [customer_id_for(agent.brand_id, r.phone) for r in rows.rows]
        current = self.customers.get_many(agent.brand_id, ids)
        now = self.clock.now()
        profiles = []
        for row, customer_id in zip(rows.rows, ids, strict=True):
            before = current.get(customer_id) or CustomerProfile(brand_id=agent.brand_id, id=customer_id,
                                                                 phone=row.phone)
            attributes = {**before.attributes, **row.attributes}
            if len(attributes) > MAX_ATTRIBUTES:
                rows.errors[f"line {row.line}: attributes"] = \
                    f"more than {MAX_ATTRIBUTES} attributes with the ones already stored"
            profiles.append(replace(before, phone=row.phone, name=row.name or before.name, attributes=attributes,
                                    updated_at=now))
        rows.raise_errors()
        self.customers.save_many(profiles)
        return len(profiles)

    def _region(self, brand_id: str) -> str | None:
        """Where numbers typed in national format are read: the region most of the brand's stores are in."""
        regions = Counter(region_of(s.timezone, s.phone_number) for s in self.directory.list_stores(brand_id))
        regions.pop(None, None)
        return regions.most_common(1)[0][0] if regions else None

    def number_of(self, brand_id: str, phone: str) -> str:
        """A number as typed (international, or national in the brand's region) in E.164; InvalidInput if not one."""
        return self._number(brand_id, phone)

    def _number(self, brand_id: str, phone: str) -> str:
        return to_e164(phone, "phone", None if phone.strip().startswith("+") else self._region(brand_id))


def _brand_admin(agent: Agent) -> None:
    if not agent.brand_admin:
        raise Forbidden("only a brand admin describes customers")


def _visible(agent: Agent, threads: Any) -> list[Thread]:
    return sorted((t for t in threads if sees_thread(agent, t)), key=lambda t: t.last_message_at, reverse=True)
