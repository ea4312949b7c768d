"""Meta's webhook notifications (Messenger, Instagram, WhatsApp Cloud API) read into the product's events.

Each reader takes one entry of Meta's JSON as Meta documents it and returns what the product keeps: customers'
messages, comments, and reports on messages we sent. Echoes of the page's own messages are left out: those we
sent are already stored, and a reply typed in Meta's own inbox is not ours to file as an agent's.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from ..services.domain import Attachment
from ..services.domain.channels import DeliveryReport, InboundMessage

Event = InboundMessage | DeliveryReport
Json = dict[str, Any]

# Meta's attachment types mapped onto content types (the exact type is known only once the file is fetched).
CONTENT_TYPES = {"image": "image/*", "video": "video/*", "audio": "audio/*", "file": "application/octet-stream",
                 "document": "application/octet-stream", "sticker": "image/webp"}
WHATSAPP_MEDIA = ("image", "document", "audio", "video", "sticker")
MEDIA_SCHEME = "meta-media:"  # a WhatsApp media id, fetched with the account's token when the file is copied


def _dict(value: Any) -> Json:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _str(value: Any) -> str:
    return value if isinstance(value, str) else str(value) if isinstance(value, int) else ""


def _millis(value: Any) -> datetime | None:
    return datetime.fromtimestamp(value / 1000, UTC) if isinstance(value, int | float) else None


def _seconds(value: Any) -> datetime | None:
    """WhatsApp's timestamps: Unix seconds, as a string."""
    text = _str(value)
    return datetime.fromtimestamp(int(text), UTC) if text.isdigit() else None


def events(payload: Json) -> list[Event]:
    """Every event of one notification, entries in order; an unknown `object` gives none."""
    kind = payload.get("object")
    found: list[Event] = []
    for entry in _list(payload.get("entry")):
        entry = _dict(entry)
        if kind in ("page", "instagram"):
            channel = "messenger" if kind == "page" else "instagram"
            found += [e for m in _list(entry.get("messaging")) for e in _messaging(channel, _dict(m))]
            read_change = _comment if kind == "instagram" else _page_comment
            found += [e for c in _list(entry.get("changes")) for e in read_change(_str(entry.get("id")), _dict(c))]
        elif kind == "whatsapp_business_account":
            found += [e for c in _list(entry.get("changes")) for e in _whatsapp(_dict(_dict(c).get("value")))]
    return found


def _messaging(channel: str, event: Json) -> Iterator[Event]:
    """One Messenger or Instagram messaging event: a message, a postback, a delivery or a read."""
    customer, account = _str(_dict(event.get("sender")).get("id")), _str(_dict(event.get("recipient")).get("id"))
    message, postback = _dict(event.get("message")), _dict(event.get("postback"))
    if message and not message.get("is_echo") and message.get("mid"):
        attachments = [_attachment(_dict(a)) for a in _list(message.get("attachments"))]
        yield InboundMessage(channel=channel, provider_id=_str(message["mid"]), from_address=customer,
                             to_address=account, text=_str(message.get("text")),
                             attachments=[a for a in attachments if a is not None])
    elif postback.get("mid"):  # a button the customer pressed: its title is what they "said"
        yield InboundMessage(channel=channel, provider_id=_str(postback["mid"]), from_address=customer,
                             to_address=account, text=_str(postback.get("title")))
    delivery = _dict(event.get("delivery"))
    # Per-message ids when Meta gives them; else the watermark: everything sent before it was delivered.
    for mid in _list(delivery.get("mids")) or ([""] if delivery else []):
        yield DeliveryReport(provider_id=_str(mid), status="delivered", error=None, channel=channel,
                             account=account, customer=customer, up_to=_millis(delivery.get("watermark")))
    read = _dict(event.get("read"))
    if read:
        yield DeliveryReport(provider_id=_str(read.get("mid")), status="read", error=None, channel=channel,
                             account=account, customer=customer,
                             up_to=_millis(read.get("watermark")) or _millis(event.get("timestamp")),
                             at=_millis(event.get("timestamp")))


def _attachment(item: Json) -> Attachment | None:
    url = _str(_dict(item.get("payload")).get("url"))
    return Attachment(url=url, content_type=CONTENT_TYPES.get(_str(item.get("type")))) if url else None


def _comment(account: str, change: Json) -> Iterator[Event]:
    """An Instagram comment on one of the account's posts; the account's own replies are left out."""
    value = _dict(change.get("value"))
    author = _dict(value.get("from"))
    if change.get("field") != "comments" or not value.get("id") or _str(author.get("id")) in ("", account):
        return
    yield InboundMessage(channel="instagram", provider_id=_str(value["id"]), from_address=_str(author["id"]),
                         to_address=account, text=_str(value.get("text")), kind="comment",
                         customer_name=_str(author.get("username")) or None,
                         post_id=_str(_dict(value.get("media")).get("id")) or None)


def _page_comment(page: str, change: Json) -> Iterator[Event]:
    """A new comment on the Facebook page's feed. The page's own comments are left out, as are edits and
    removals: the thread keeps what the customer wrote when it reached the store, as with messages."""
    value = _dict(change.get("value"))
    author = _dict(value.get("from"))
    if change.get("field") != "feed" or value.get("item") != "comment" or value.get("verb") != "add" \
            or not value.get("comment_id") or _str(author.get("id")) in ("", page):
        return
    yield InboundMessage(channel="messenger", provider_id=_str(value["comment_id"]), from_address=_str(author["id"]),
                         to_address=page, text=_str(value.get("message")), kind="comment",
                         customer_name=_str(author.get("name")) or None,
                         post_id=_str(value.get("post_id")) or None,
                         permalink=_str(_dict(value.get("post")).get("permalink_url")) or None)


def _whatsapp(value: Json) -> Iterator[Event]:
    """One WhatsApp Cloud API `messages` change: customers' messages, then statuses of ours."""
    account = _str(_dict(value.get("metadata")).get("phone_number_id"))
    names = {_str(c.get("wa_id")): _str(_dict(c.get("profile")).get("name"))
             for c in map(_dict, _list(value.get("contacts")))}
    for message in map(_dict, _list(value.get("messages"))):
        sender, kind = _str(message.get("from")), _str(message.get("type"))
        if not sender or not message.get("id"):
            continue
        media = _dict(message.get(kind)) if kind in WHATSAPP_MEDIA else {}
        text = _str(_dict(message.get("text")).get("body")) if kind == "text" else _str(media.get("caption"))
        attachments = [Attachment(url=MEDIA_SCHEME + _str(media["id"]), content_type=_str(media.get("mime_type"))
                                  or CONTENT_TYPES.get(kind))] if media.get("id") else []
        yield InboundMessage(channel="whatsapp", provider_id=_str(message["id"]), from_address="+" + sender,
                             to_address=account, text=text, attachments=attachments,
                             customer_name=names.get(sender) or None)
    for status in map(_dict, _list(value.get("statuses"))):
        errors = [_dict(e) for e in _list(status.get("errors"))]
        error = f"provider error {errors[0].get('code')} {_str(errors[0].get('title'))}".strip() if errors else None
        word = _str(status.get("status"))
        yield DeliveryReport(provider_id=_str(status.get("id")), status=word, error=error, channel="whatsapp",
                             account=account, customer="+" + _str(status.get("recipient_id")),
                             at=_seconds(status.get("timestamp")) if word == "read" else None)
