"""The opt-out register as the conversation use cases read and change it: keywords in, sends refused."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..domain import Message, Thread
from ..domain.errors import StaleVersion
from ..domain.optout import CARRIER, CHANNELS, Keyword, OptedOut, OptOutChange, change_for, keyword_of, number_hash
from ..ports.clock import Clock
from ..ports.optout import OptOutRegister
from ..ports.repositories import ThreadRepository

RETRIES_ON_RACE = 5


class OptOuts:
    """Keeps and consults the register; without one (some unit tests), nobody is ever opted out."""

    def __init__(self, register: OptOutRegister | None, threads: ThreadRepository, clock: Clock) -> None:
        self.register = register
        self.threads = threads
        self.clock = clock

    def keyword_received(self, message: Message, provider_type: str | None = None) -> Keyword | None:
        """Records the change a customer's keyword message makes, before the message itself is stored: a
        provider's retry after a failure records it again, harmlessly."""
        if self.register is None or message.channel not in CHANNELS:
            return None
        keyword = keyword_of(message.text, provider_type)
        change = change_for(message, keyword) if keyword else None
        if change is not None:
            self.register.record(change)
        return keyword

    def opted_out(self, brand_id: str, channel: str, store_number: str | None, customer_number: str | None) -> bool:
        """Whether a message from this store number to this customer number must not go."""
        if self.register is None or channel not in CHANNELS or not store_number or not customer_number:
            return False
        return self.register.opted_out(brand_id, store_number, customer_number)

    def opted_out_of(self, messages: Sequence[Message]) -> set[tuple[str, str, str, str]]:
        """Of these messages, the (brand, channel, store number, customer number) opted out, in one read per brand;
        the messages `opted_out` answers False for are not asked about."""
        if self.register is None:
            return set()
        wanted: dict[str, set[tuple[str, str]]] = {}
        for m in messages:
            if m.channel in CHANNELS and m.store_address and m.customer_address:
                wanted.setdefault(m.brand_id, set()).add((m.store_address, m.customer_address))
        found = {(brand_id, store, customer) for brand_id, pairs in wanted.items()
                 for store, customer in self.register.opted_out_many(brand_id, sorted(pairs))}
        return {(m.brand_id, m.channel, m.store_address or "", m.customer_address or "") for m in messages
                if (m.brand_id, m.store_address, m.customer_address) in found and m.channel in CHANNELS}

    def message_blocked(self, message: Message) -> bool:
        """Whether an outgoing message is to a customer who opted out of its store number."""
        return self.opted_out(message.brand_id, message.channel, message.store_address, message.customer_address)

    def refuse(self, brand_id: str, channel: str, store_number: str | None, customer_number: str | None) -> None:
        """OptedOut (409) when an agent writes to a customer who opted out of this store number."""
        if self.opted_out(brand_id, channel, store_number, customer_number):
            raise OptedOut("the customer opted out (STOP) of this store's number: they must text START first")

    def refused_by_carrier(self, message: Message) -> None:
        """The provider refused a send because the customer opted out with it: the register and the thread
        learn it, so no other message is tried."""
        if self.register is None:
            return
        self.register.record(OptOutChange(
            brand_id=message.brand_id, store_number=message.store_address,
            customer_hash=number_hash(message.customer_address), opted_out=True, at=self.clock.now(),
            reason=CARRIER))
        for _ in range(RETRIES_ON_RACE):
            thread = self.threads.get(message.brand_id, message.thread_id)
            if thread is None or thread.customer.opted_out:
                return
            try:
                self.threads.save(thread, flagged(thread, True, version=thread.version + 1))
                return
            except StaleVersion:
                continue


def flagged(thread: Thread, opted_out: bool, *, version: int | None = None) -> Thread:
    """The thread showing the customer's opt-out as the register has it."""
    customer = replace(thread.customer, opted_out=opted_out)
    return replace(thread, customer=customer, version=thread.version if version is None else version)
