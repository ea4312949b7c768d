"""The sandbox's twin of Twilio's Advanced Opt-Out: the phone network keeps its own list of customers who
texted STOP to a number, confirms it to them, and refuses a later send to them with error 21610."""
from __future__ import annotations

import secrets

from pynamodb.exceptions import DoesNotExist

from ..services.domain.optout import RecipientOptedOut, keyword_of
from ..services.ports.clock import iso
from .store import OUTBOX, SandboxItem

OPT_OUTS = "OPTOUT"

# Twilio's default replies to its opt-out and opt-in keywords.
UNSUBSCRIBED = ("You have successfully been unsubscribed. You will not receive any more messages from this "
                "number. Reply START to resubscribe.")
RESUBSCRIBED = ("You have successfully been resubscribed to messages from this number. Reply HELP for help. "
                "Reply STOP to unsubscribe. Msg&Data Rates May Apply.")


class SandboxOptOuts:
    """Who opted out of which number, as the provider itself knows it."""

    def __init__(self, clock) -> None:  # type: ignore[no-untyped-def]
        self.clock = clock

    def inbound(self, *, customer: str, store_number: str, body: str) -> str | None:
        """What the network does with a customer's text before the webhook: on STOP or START it updates its
        list and confirms to the customer. Returns the OptOutType field Twilio adds to the webhook."""
        keyword = keyword_of(body)
        if keyword == "stop":
            self._item(customer, store_number).save()
            self._confirm(customer, store_number, UNSUBSCRIBED)
        elif keyword == "start":
            self._item(customer, store_number).delete()
            self._confirm(customer, store_number, RESUBSCRIBED)
        return keyword.upper() if keyword else None

    def refuse_if_opted_out(self, *, to: str, from_: str) -> None:
        """RecipientOptedOut, as Twilio's REST API answers 21610, for a send to a customer who opted out."""
        try:
            SandboxItem.get(OPT_OUTS, f"{from_}#{to}")
        except DoesNotExist:
            return
        raise RecipientOptedOut("provider refused: 21610 Attempt to send to unsubscribed recipient")

    def _item(self, customer: str, store_number: str) -> SandboxItem:
        return SandboxItem(OPT_OUTS, f"{store_number}#{customer}", to=customer, sender=store_number, body="STOP",
                           created_at=iso(self.clock.now()))

    def _confirm(self, customer: str, store_number: str, text: str) -> None:
        """The provider's own reply: in the outbox, already delivered (no status callback, no message of ours)."""
        now = iso(self.clock.now())
        sid = "SM" + secrets.token_hex(16)
        SandboxItem(OUTBOX, f"{now}#{sid}", to=customer, sender=store_number, body=text, status="delivered",
                    sid=sid, created_at=now).save()
