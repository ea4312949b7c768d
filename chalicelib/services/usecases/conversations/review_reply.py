"""How an agent's answer to a review goes: by SMS from the store's number when the author's number is known,
otherwise as a public reply kept on the thread for the review's source.

The SMS is written on the review's thread (the agent sees what was answered and whether it was delivered); the
customer's own texts back reach their SMS thread with the store, as any text to the store's number does. No
source takes public replies yet: the reply is kept, shown on the thread, and sent nowhere.
"""
from __future__ import annotations

from dataclasses import dataclass

from ...domain import Store, Template, Thread
from ...domain.channels import Capabilities
from ...domain.errors import Conflict, InvalidInput
from ...domain.reviews import PUBLIC_REPLY, PUBLIC_REPLY_MAX, REVIEW, SMS_REPLY, answer_way
from ...ports.channels import Channels
from ..optout import OptOuts

SMS = "sms"
RECORDED = "recorded"  # the status of a public reply: kept, never sent
PUBLIC = Capabilities(max_length=PUBLIC_REPLY_MAX)  # text only


@dataclass(frozen=True)
class ReviewAnswer:
    """Where an answer to a review goes: the channel it is sent on, its kind, its limits, its first status."""

    channel: str
    kind: str
    capabilities: Capabilities
    status: str  # queued for the SMS sender; "recorded" for a public reply, which nothing sends


def review_answer(thread: Thread, store: Store, channels: Channels, optouts: OptOuts, tag: str | None,
                  template: Template | None, reply_to: str | None, private: bool) -> ReviewAnswer:
    """The way of an answer to this review; 400 naming a field a review's answer does not take, 409 for an SMS
    from a store without a number or to an author who opted out of it."""
    for name, given in (("tag", tag), ("template", template), ("reply_to", reply_to)):
        if given is not None:
            raise InvalidInput.field(name, f"an answer to a review takes no {name}")
    if private:
        raise InvalidInput.field("private", "an answer to a review takes no private flag")
    if answer_way(thread) == "public":
        return ReviewAnswer(channel=REVIEW, kind=PUBLIC_REPLY, capabilities=PUBLIC, status=RECORDED)
    if not store.phone_number:
        raise Conflict("this store has no textable number yet", {"text": "the store has no number to text from"})
    optouts.refuse(thread.brand_id, SMS, store.phone_number, thread.customer.phone)
    return ReviewAnswer(channel=SMS, kind=SMS_REPLY, capabilities=channels.get(SMS).capabilities, status="queued")
