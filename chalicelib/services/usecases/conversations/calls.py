"""Phone calls: a customer calls a store's number and is answered by text; an agent calls a customer and logs it."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ...domain import Agent, Message, access
from ...domain import threads as rules
from ...domain.errors import Conflict, InvalidInput, StaleVersion
from ...domain.ivr import CALL_OUTCOMES, IVR, CallAnswer, call_answer
from ...domain.phone import to_e164
from ...ports.channels import Channels, WebhookRequest
from ...ports.clock import Clock
from ...ports.repositories import Directory, IdGenerator, ThreadRepository
from .access import ThreadAccess
from .common import RETRIES_ON_RACE, thread_id_for

CALL = "call"  # the kind of a message that records a phone call
NOTE_MAX = 1000
_PHONE = re.compile(r"^(whatsapp:)?\+[1-9]\d{5,14}$")


class IncomingCalls:
    """A call to a store's number: checked like the store's SMS, stored once per call, texted from the stream."""

    def __init__(self, channels: Channels, directory: Directory, threads: ThreadRepository, ids: IdGenerator,
                 clock: Clock) -> None:
        self.channels = channels
        self.directory = directory
        self.threads = threads
        self.ids = ids
        self.clock = clock

    def answer(self, request: WebhookRequest) -> CallAnswer | None:
        """Verifies the provider's signature (InvalidSignature), then stores the call as the customer's contact on
        their SMS thread, once per call id: the stream puts it on the thread and texts the caller the store's
        IVR greeting (or its closed message). What the caller hears; None when no store can text them back
        (a number that is no store's, or a hidden caller id): nothing is stored then."""
        sms = self.channels.get("sms")
        sms.verify(request)
        params = request.params
        call_id = params.get("CallSid", "").strip()
        if not call_id:
            raise InvalidInput.field("CallSid", "missing")
        try:
            store_number, caller = to_e164(params.get("To", ""), "To"), to_e164(params.get("From", ""), "From")
        except InvalidInput:
            return None
        ref = self.directory.find_store_ref_by_number(store_number)
        store = self.directory.get_store(*ref) if ref else None
        if store is None:
            return None
        self.threads.record_inbound(self._call(store.brand_id, store.id, store_number, caller, call_id),
                                    f"{IVR}:{call_id}")
        return call_answer(store)

    def _call(self, brand_id: str, store_id: str, store_number: str, caller: str, call_id: str) -> Message:
        """The call as the customer's message: no words, kind "call", origin "ivr"."""
        return Message(
            brand_id=brand_id, thread_id=thread_id_for(brand_id, "sms", caller), id=self.ids.new_id("m"),
            direction="in", author="customer", text="", created_at=self.clock.now(), channel="sms",
            store_id=store_id, customer_address=caller, store_address=store_number, status="received",
            kind=CALL, origin=IVR, provider_id=call_id,
        )


class CallLog:
    """An agent called the customer: the call is logged in the thread, never sent; a reached customer is answered."""

    def __init__(self, threads: ThreadRepository, access: ThreadAccess, ids: IdGenerator, clock: Clock) -> None:
        self.threads = threads
        self.access = access
        self.ids = ids
        self.clock = clock

    def log(self, agent: Agent, thread_id: str, outcome: str, note: str | None) -> Message:
        """Logs a call made to the thread's customer. `reached` answers the open contact as an agent's message
        does (the thread becomes replied); no answer or voicemail changes nothing but the thread's history."""
        if outcome not in CALL_OUTCOMES:
            raise InvalidInput.field("outcome", f"one of {', '.join(CALL_OUTCOMES)}")
        text = (note or "").strip()
        if len(text) > NOTE_MAX:
            raise InvalidInput.field("note", f"at most {NOTE_MAX} characters")
        for _ in range(RETRIES_ON_RACE):
            thread = self.access.writable_thread(agent, thread_id)
            access.require_channel(agent, thread.channel)
            phone = thread.customer.phone or ""
            if not _PHONE.match(phone):
                raise Conflict("this customer has no phone number to call", {"thread_id": "no phone number"})
            rules.ensure_may_answer(thread, agent.id)
            call = Message(
                brand_id=thread.brand_id, thread_id=thread.id, id=self.ids.new_id("m"), direction="out",
                author="agent", agent_id=agent.id, text=text, created_at=self.clock.now(), channel=thread.channel,
                store_id=thread.store_id, customer_address=phone, store_address="", status="logged",
                kind=CALL, call_outcome=outcome,
            )
            if outcome == "reached":
                after, call = rules.apply_agent_message(thread, call)
            else:
                after, call = rules.apply_automatic_message(thread, call)
            try:
                self.threads.save(thread, replace(after, version=thread.version + 1), messages=[call])
                return call
            except StaleVersion:
                continue
        raise StaleVersion("the thread kept changing; try again")


@dataclass(frozen=True)
class Calls:
    """The phone-call use cases over the conversations' ports."""

    incoming: IncomingCalls
    log: CallLog

    @classmethod
    def build(cls, channels: Channels, directory: Directory, threads: ThreadRepository, ids: IdGenerator,
              clock: Clock, access: ThreadAccess) -> Calls:
        return cls(IncomingCalls(channels, directory, threads, ids, clock), CallLog(threads, access, ids, clock))
