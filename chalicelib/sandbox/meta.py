"""The sandbox's twin of Meta: a Graph API that puts what stores send in the outbox, and a customer's phone
that writes on Messenger, Instagram or WhatsApp through the real webhook path, signed like Meta signs."""
from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime
from typing import Any

from ..services.ports.clock import iso
from .media import SAMPLES, WHATSAPP_KINDS, sample_link, sample_media_id
from .store import OUTBOX, SandboxItem

OBJECTS = {"messenger": "page", "instagram": "instagram"}
FIRST_NAMES = ("Camille", "Léa", "Hugo", "Inès", "Louis", "Manon", "Jules", "Chloé")
LAST_NAMES = ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Petit", "Durand", "Leroy")
SEEN = "SEEN"  # the read marks stores sent, apart from the outbox: they are not messages
WHATSAPP_MEDIA = ("image", "video", "audio", "document")  # the Cloud API's kinds of file sent by link
COMMENTS = "COMMENT"  # the comments the sandbox wrote as customers, to address the public replies to them


class SandboxGraph:
    """Meta's Send API for one channel on the local stage: any token is accepted, each send lands in the outbox
    and is answered in Meta's success shape (a message id, or a wamid for WhatsApp)."""

    def __init__(self, clock, channel: str) -> None:  # type: ignore[no-untyped-def]
        self.clock = clock
        self.channel = channel

    def post(self, path: str, token: str, payload: dict[str, Any]) -> dict[str, Any]:
        now = iso(self.clock.now())
        sender, _, edge = path.partition("/")
        if edge in ("replies", "comments"):
            return self._public_reply(sender, str(payload.get("message", "")), now)
        if payload.get("sender_action") == "mark_seen" or payload.get("status") == "read":
            return self._seen(now, sender, payload)
        if self.channel == "whatsapp":
            sid = "wamid." + secrets.token_hex(16)
            template = payload.get("template") or {}
            media = payload.get(str(payload.get("type"))) if payload.get("type") in WHATSAPP_MEDIA else None
            body = (payload.get("text") or {}).get("body") or (media or {}).get("caption", "")
            SandboxItem(OUTBOX, f"{now}#{sid}", channel="whatsapp", to="+" + str(payload.get("to", "")),
                        sender=sender, body=str(body), status="sent", sid=sid, created_at=now,
                        media=[str(media.get("link"))] if media else None,
                        template=_template(template) if template else None).save()
            return {"messaging_product": "whatsapp", "contacts": [{"input": payload.get("to")}],
                    "messages": [{"id": sid}]}
        sid = "m_" + secrets.token_hex(16)
        comment_id = (payload.get("recipient") or {}).get("comment_id")  # a private reply to a comment
        written = _comment(str(comment_id)) if comment_id else None
        recipient = written.to if written else str((payload.get("recipient") or {}).get("id", comment_id or ""))
        message = payload.get("message") or {}
        attached = (message.get("attachment") or {}).get("payload") or {}
        SandboxItem(OUTBOX, f"{now}#{sid}", channel=self.channel, to=recipient, sender=sender,
                    body=str(message.get("text", "")), status="sent", sid=sid, created_at=now,
                    media=[str(attached["url"])] if attached.get("url") else None, tag=payload.get("tag"),
                    reply_to_comment=comment_id, private=True if comment_id else None).save()
        return {"recipient_id": recipient, "message_id": sid}

    def get(self, path: str, token: str, params: dict[str, str]) -> dict[str, Any]:
        """The Conversations API (a small fixed history), and the User Profile API (a name of its own for each
        customer, always the same for the demo); WhatsApp's Cloud API has neither: refused, as Meta does."""
        from ..channels.graph import GraphError
        from .meta_history import answer

        if "/" in path.strip("/") or path.endswith("conversations"):
            found = answer(path, params) if self.channel != "whatsapp" else None
            if found is None:
                raise GraphError(400, 100, f"Unsupported get request: {path}")
            return found
        customer = path.split("/", 1)[0]
        first, last = demo_name(customer)
        picture = sample_link("image", f"profile-{customer}")  # the twin's file server serves it
        if self.channel == "instagram":
            return {"id": customer, "name": f"{first} {last}", "username": f"{first}.{last}".lower(),
                    "profile_pic": picture}
        return {"id": customer, "first_name": first, "last_name": last, "profile_pic": picture}

    def _seen(self, now: str, sender: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Messenger's and Instagram's mark_seen (by customer) or the Cloud API's read status (by wamid)."""
        customer = str((payload.get("recipient") or {}).get("id", ""))
        message_id = payload.get("message_id")
        SandboxItem(SEEN, f"{now}#{secrets.token_hex(6)}", channel=self.channel, to=customer, sender=sender,
                    body="", sid=str(message_id) if message_id else None, created_at=now).save()
        return {"success": True} if self.channel == "whatsapp" else {"recipient_id": customer}

    def _public_reply(self, comment_id: str, text: str, now: str) -> dict[str, Any]:
        """A reply under a customer's comment (Instagram's replies edge, Facebook's comments edge): in the
        outbox to the commenter, from the account, when the sandbox wrote the comment; Meta answers its id."""
        written = _comment(comment_id)
        posted = f"{comment_id}_{secrets.token_hex(8)}"
        SandboxItem(OUTBOX, f"{now}#{posted}", channel=self.channel, to=written.to if written else comment_id,
                    sender=written.sender if written else None, body=text, status="published", sid=posted,
                    created_at=now, reply_to_comment=comment_id).save()
        return {"id": posted}


def demo_name(customer: str) -> tuple[str, str]:
    """The first and last names the twin gives a customer's platform id, the same on every call."""
    return _pick(FIRST_NAMES, customer, 0), _pick(LAST_NAMES, customer, 1)


def _pick(names: tuple[str, ...], customer: str, salt: int) -> str:
    digest = hashlib.sha256(f"{salt}:{customer}".encode()).digest()
    return names[digest[0] % len(names)]


def seen_marks() -> list[dict[str, Any]]:
    """The read marks the stores sent, newest first."""
    items = SandboxItem.query(SEEN, scan_index_forward=False)
    return [{"channel": i.channel, "to": i.to or None, "from": i.sender, "message_id": i.sid,
             "created_at": i.created_at} for i in items]


def _comment(comment_id: str) -> SandboxItem | None:
    """A comment the sandbox wrote as a customer, if it wrote that one."""
    return next(iter(SandboxItem.query(COMMENTS, SandboxItem.sk == comment_id)), None)


def customer_comment(channel: str, *, customer: str, account: str, text: str, post_id: str | None,
                     millis: int) -> dict[str, Any]:
    """The notification Meta sends when a customer comments `text` on one of the account's posts (Instagram's
    `comments` field, a Facebook page's `feed`); the sandbox remembers whose comment it is."""
    post = post_id or f"{account}_{secrets.token_hex(6)}"
    comment_id = f"{secrets.randbelow(10 ** 16):017d}" if channel == "instagram" else f"{post}_{secrets.token_hex(6)}"
    SandboxItem(COMMENTS, comment_id, channel=channel, to=customer, sender=account, body=text,
                created_at=iso(datetime.fromtimestamp(millis / 1000, UTC))).save()
    if channel == "instagram":
        value: dict[str, Any] = {"from": {"id": customer, "username": "sandbox.customer"}, "id": comment_id,
                                 "media": {"id": post, "media_product_type": "FEED"}, "text": text}
        change = {"field": "comments", "value": value}
    else:
        value = {"from": {"id": customer, "name": "Sandbox customer"}, "item": "comment", "verb": "add",
                 "comment_id": comment_id, "post_id": post, "parent_id": post, "message": text,
                 "created_time": millis // 1000,
                 "post": {"id": post, "status_type": "added_photos", "is_published": True,
                          "permalink_url": f"https://www.facebook.com/{post}"}}
        change = {"field": "feed", "value": value}
    return {"object": OBJECTS[channel], "entry": [{"id": account, "time": millis, "changes": [change]}]}


def delivered(item: SandboxItem, millis: int) -> dict[str, Any]:
    """The notification Meta sends when the customer's device received a message the store sent."""
    if item.channel == "whatsapp":
        status = {"id": item.sid, "status": "delivered", "timestamp": str(millis // 1000),
                  "recipient_id": item.to.lstrip("+")}
        value = {"messaging_product": "whatsapp", "metadata": {"display_phone_number": item.sender,
                                                               "phone_number_id": item.sender},
                 "statuses": [status]}
        return {"object": "whatsapp_business_account",
                "entry": [{"id": "sandbox-waba", "changes": [{"field": "messages", "value": value}]}]}
    event = {"sender": {"id": item.to}, "recipient": {"id": item.sender},
             "delivery": {"mids": [item.sid], "watermark": millis}}
    return {"object": OBJECTS[item.channel or ""],
            "entry": [{"id": item.sender, "time": millis, "messaging": [event]}]}


def customer_text(channel: str, *, customer: str, account: str, text: str, millis: int,
                  attachment: str | None = None) -> dict[str, Any]:
    """The notification Meta sends when a customer writes `text` to the store's account on that channel, with
    one of the twin's sample files of the kind `attachment` (image, video, audio, file) when given."""
    mid = secrets.token_hex(16)
    if channel == "whatsapp":
        message: dict[str, Any] = {"from": customer.lstrip("+"), "id": f"wamid.{mid}",
                                   "timestamp": str(millis // 1000), "type": "text", "text": {"body": text}}
        if attachment:
            kind = WHATSAPP_KINDS[attachment]
            media = {"id": sample_media_id(attachment, mid), "mime_type": SAMPLES[attachment][0],
                     **({"caption": text} if text else {})}
            message = {**{k: v for k, v in message.items() if k != "text"}, "type": kind, kind: media}
        value = {"messaging_product": "whatsapp", "metadata": {"display_phone_number": account,
                                                               "phone_number_id": account},
                 "contacts": [{"profile": {"name": "Sandbox customer"}, "wa_id": customer.lstrip("+")}],
                 "messages": [message]}
        return {"object": "whatsapp_business_account",
                "entry": [{"id": "sandbox-waba", "changes": [{"field": "messages", "value": value}]}]}
    sent: dict[str, Any] = {"mid": f"m_{mid}", "text": text}
    if attachment:
        sent["attachments"] = [{"type": attachment, "payload": {"url": sample_link(attachment, mid)}}]
    event = {"sender": {"id": customer}, "recipient": {"id": account}, "timestamp": millis, "message": sent}
    return {"object": OBJECTS[channel], "entry": [{"id": account, "time": millis, "messaging": [event]}]}


def _template(sent: dict[str, Any]) -> dict[str, Any]:
    """A Cloud API template as the outbox shows templates: name, language and the body's parameters."""
    components = sent.get("components") or [{}]
    return {"name": sent.get("name"), "language": (sent.get("language") or {}).get("code"),
            "parameters": [p.get("text") for p in components[0].get("parameters", [])]}
