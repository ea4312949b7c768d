"""The sandbox's own table (local stage only): SMS the stores sent and e-mails the product sent."""
from __future__ import annotations

import os
import secrets
from collections.abc import Sequence
from datetime import datetime

from pynamodb.attributes import BooleanAttribute, JSONAttribute, ListAttribute, UnicodeAttribute
from pynamodb.models import Model

from ..services.domain import Template
from ..services.ports.clock import iso

OUTBOX = "OUTBOX"
MAIL = "MAIL"


class SandboxItem(Model):
    class Meta:
        table_name = os.environ.get("COMPTOIR_SANDBOX_TABLE", "comptoir-sandbox")
        region = os.environ.get("AWS_DEFAULT_REGION", "eu-west-3")
        host = os.environ.get("DYNAMODB_ENDPOINT") or None
        billing_mode = "PAY_PER_REQUEST"

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    to = UnicodeAttribute()
    sender = UnicodeAttribute(null=True)
    subject = UnicodeAttribute(null=True)
    body = UnicodeAttribute()
    status = UnicodeAttribute(null=True)
    status_callback = UnicodeAttribute(null=True)
    sid = UnicodeAttribute(null=True)
    media = ListAttribute(of=UnicodeAttribute, null=True)  # attachments' URLs sent with an SMS (MMS)
    created_at = UnicodeAttribute()
    channel = UnicodeAttribute(null=True)  # absent: sms
    tag = UnicodeAttribute(null=True)
    template = JSONAttribute(null=True)
    reply_to_comment = UnicodeAttribute(null=True)  # a reply to a comment: the platform's id of the comment
    private = BooleanAttribute(null=True)  # that reply went to the commenter as a direct message


def configure(host: str | None, region: str | None = None, table_name: str | None = None) -> None:
    SandboxItem.Meta.host = host
    if region:
        SandboxItem.Meta.region = region
    if table_name:
        SandboxItem.Meta.table_name = table_name
    SandboxItem._connection = None


def create_table() -> None:
    if not SandboxItem.exists():
        SandboxItem.create_table(wait=True)


class SandboxOutbox:
    """Twilio's REST send on the local stage: what a store sends lands here, to be read through the sandbox API."""

    def __init__(self, clock) -> None:  # type: ignore[no-untyped-def]
        from .optout import SandboxOptOuts

        self.clock = clock
        self.opt_outs = SandboxOptOuts(clock)  # the network's own list, as Twilio's Advanced Opt-Out keeps it

    def send_sms(self, *, to: str, from_: str, body: str, status_callback: str | None,
                 media_urls: Sequence[str] = (), template: Template | None = None) -> str:
        whatsapp = to.startswith("whatsapp:")
        if not whatsapp:  # Twilio's Advanced Opt-Out reads SMS only
            self.opt_outs.refuse_if_opted_out(to=to, from_=from_)
        now: datetime = self.clock.now()
        sid = "SM" + secrets.token_hex(16)
        SandboxItem(OUTBOX, f"{iso(now)}#{sid}", to=to, sender=from_, body=body, status="sent",
                    status_callback=status_callback, sid=sid, created_at=iso(now),
                    media=list(media_urls) or None, channel="whatsapp" if whatsapp else None,
                    template={"name": template.name, "language": template.language,
                              "parameters": list(template.parameters)} if template else None).save()
        return sid

    def read(self, to: str | None) -> list[dict]:
        condition = SandboxItem.to == to if to else None
        items = SandboxItem.query(OUTBOX, filter_condition=condition, scan_index_forward=False)
        return [{"channel": i.channel or "sms", "to": i.to, "from": i.sender, "body": i.body, "status": i.status,
                 "sid": i.sid, "created_at": i.created_at, "media": list(i.media or []),
                 **({"tag": i.tag} if i.tag else {}), **({"template": i.template} if i.template else {}),
                 **({"reply_to_comment": i.reply_to_comment} if i.reply_to_comment else {}),
                 **({"private": True} if i.private else {})}
                for i in items]

    def undelivered(self) -> list[SandboxItem]:
        return list(SandboxItem.query(OUTBOX, filter_condition=SandboxItem.status == "sent"))

    @staticmethod
    def mark_delivered(item: SandboxItem) -> None:
        item.update([SandboxItem.status.set("delivered")])


class SandboxMailbox:
    """The mailer of the local stage."""

    def __init__(self, clock) -> None:  # type: ignore[no-untyped-def]
        self.clock = clock

    def send(self, *, to: str, subject: str, body: str) -> None:
        now = self.clock.now()
        SandboxItem(MAIL, f"{iso(now)}#{secrets.token_hex(6)}", to=to, subject=subject, body=body,
                    created_at=iso(now)).save()

    def read(self, to: str | None) -> list[dict]:
        condition = SandboxItem.to == to if to else None
        items = SandboxItem.query(MAIL, filter_condition=condition, scan_index_forward=False)
        return [{"to": i.to, "subject": i.subject, "body": i.body, "created_at": i.created_at} for i in items]
