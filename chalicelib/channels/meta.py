"""Messenger, Instagram and WhatsApp Cloud API: sends through Meta's Graph API with the account's token.

Meta reports deliveries through the same webhook as messages (channels/meta_webhook.py), so these adapters
have no status path of their own. The thread's channel is "whatsapp" whichever provider carries it: the
WhatsApp channel sends through the Cloud API when the store's number is a connected Cloud account, through
Twilio otherwise.
"""
from __future__ import annotations

from typing import Any

from ..services.domain.channel_accounts import ChannelAccount
from ..services.domain.channels import CHANNEL_RULES, Capabilities, DeliveryReport, InboundMessage
from ..services.domain.errors import DeliveryDeferred, DeliveryFailed, InvalidInput
from ..services.ports.channels import AccountLookup, Channel, Outgoing, PlatformProfile, ReadSignal, WebhookRequest
from .graph import Graph, GraphError
from .meta_webhook import MetaWebhook

# Meta's human-agent allowance stretches the 24 hours to 7 days; then only these tags let a message through.
# The platforms' rules (shared with the conversation rules): one file per message, sent by its link.
MESSENGER = CHANNEL_RULES["messenger"]
INSTAGRAM = CHANNEL_RULES["instagram"]
WHATSAPP = CHANNEL_RULES["whatsapp"]

TOKEN_ERRORS = {190, 102, 10}  # expired or revoked token, session, missing permission
PERMISSION_ERRORS = range(200, 300)  # Graph's permission family (#200-#299)


class MetaChannel:
    """One of Meta's messaging channels; `accounts` is wired once the stores' accounts exist."""

    name = ""
    capabilities: Capabilities
    status_path: str | None = None
    kind = ""  # the kind of account it sends from

    def __init__(self, webhook: MetaWebhook, graph: Graph, accounts: AccountLookup | None = None) -> None:
        self.webhook = webhook
        self.graph = graph
        self.accounts = accounts

    def verify(self, request: WebhookRequest) -> None:
        self.webhook.verify(request)

    def parse(self, request: WebhookRequest) -> InboundMessage:
        raise InvalidInput.field("object", "Meta posts batches: read them with the meta webhook")

    def parse_status(self, request: WebhookRequest) -> DeliveryReport:
        raise InvalidInput.field("object", "Meta posts batches: read them with the meta webhook")

    def send(self, message: Outgoing) -> str:
        account = self.accounts.find(self.kind, message.sender) if self.accounts else None
        if account is None or self.accounts is None:
            raise DeliveryFailed(f"no connected {self.kind} account {message.sender}")
        token = self.accounts.token_for(account)
        comment = message.reply_to_comment
        if comment and not message.private_reply:  # a public reply, under the comment
            try:
                return _comment_id(self.graph.post(self.comment_path(comment), token, {"message": message.text}))
            except GraphError as error:
                raise self._refusal(account, error) from None
        ids = []
        for payload in self.payloads(message):
            try:
                ids.append(self.message_id(self.graph.post(self.path(account), token, payload)))
            except GraphError as error:
                raise self._refusal(account, error) from None
        return ids[-1]

    def payloads(self, message: Outgoing) -> list[dict[str, Any]]:
        """What one message takes on the platform: the file first, then the text when the file cannot carry it.

        Meta has no caption on Messenger's and Instagram's files (nor on WhatsApp's audio): a message with both
        is two sends, and the id kept is the text's (the last)."""
        files = [self.attachment(message, url, kind) for url, kind in media_of(message)]
        captioned = bool(files) and self.captions(files[0])
        text = [] if captioned or (files and not message.text.strip()) else [self.payload(message)]
        return files + text

    def mark_read(self, signal: ReadSignal) -> None:
        """Meta shows the customer their message was seen (Messenger and Instagram: the conversation)."""
        payload = self.seen_payload(signal)
        account = self.accounts.find(self.kind, signal.sender) if self.accounts else None
        if payload is None or account is None or self.accounts is None:
            return  # nothing to name, or the account was disconnected since: nobody to tell
        try:
            self.graph.post(self.path(account), self.accounts.token_for(account), payload)
        except GraphError as error:
            raise self._refusal(account, error) from None

    def seen_payload(self, signal: ReadSignal) -> dict[str, Any] | None:
        return {"recipient": {"id": signal.customer}, "sender_action": "mark_seen"}

    def customer_profile(self, customer: str, sender: str) -> PlatformProfile | None:
        """The User Profile API: the name and picture the customer shows the page (Instagram: the account)."""
        account = self.accounts.find(self.kind, sender) if self.accounts else None
        if not self.profile_fields or account is None or self.accounts is None:
            return None
        try:
            found = self.graph.get(customer, self.accounts.token_for(account), {"fields": self.profile_fields})
        except GraphError as error:
            raise self._refusal(account, error) from None
        return profile_of(found)

    profile_fields = ""  # the User Profile fields asked of the platform; none: it gives no profile

    def _refusal(self, account: ChannelAccount, error: GraphError) -> Exception:
        """Meta's refusal as the outbox reads it; a refused token puts the account to be reconnected."""
        if error.status == 0 or error.status == 429 or error.status >= 500:
            return DeliveryDeferred(f"provider unavailable: {error}")
        if error.code in TOKEN_ERRORS or (error.code is not None and error.code in PERMISSION_ERRORS):
            assert self.accounts is not None
            self.accounts.mark_needs_reconnect(account)
        return DeliveryFailed(f"provider refused: {error.code} {error.message}")

    def path(self, account: ChannelAccount) -> str:
        return f"{account.external_id}/messages"  # the page's (Instagram: the account's) Send API

    def comment_path(self, comment_id: str) -> str:
        """Where a public reply to a comment goes: a comment under the Facebook comment."""
        return f"{comment_id}/comments"

    def payload(self, message: Outgoing) -> dict[str, Any]:
        """Messenger's and Instagram's Send API: a tag, when given, lets it past the 24 hours."""
        if message.reply_to_comment:  # a private reply: addressed by the comment, not by the person
            return {"recipient": {"comment_id": message.reply_to_comment}, "message": {"text": message.text}}
        tag = getattr(message, "tag", None)  # set by the conversation rules past the reply window
        tagged = {"messaging_type": "MESSAGE_TAG", "tag": tag} if tag else {"messaging_type": "RESPONSE"}
        return {"recipient": {"id": message.to}, **tagged, "message": {"text": message.text}}

    def attachment(self, message: Outgoing, url: str, kind: str) -> dict[str, Any]:
        """A file by its link, as Messenger's and Instagram's Send API take it (Meta fetches the link)."""
        tag = getattr(message, "tag", None)
        tagged = {"messaging_type": "MESSAGE_TAG", "tag": tag} if tag else {"messaging_type": "RESPONSE"}
        sent = {"type": kind, "payload": {"url": url, "is_reusable": False}}
        return {"recipient": {"id": message.to}, **tagged, "message": {"attachment": sent}}

    @staticmethod
    def captions(payload: dict[str, Any]) -> bool:
        """Whether this file's payload carries the message's text too."""
        return False

    @staticmethod
    def message_id(answer: dict[str, Any]) -> str:
        mid = answer.get("message_id")
        if not isinstance(mid, str) or not mid:
            raise DeliveryFailed("provider answered without a message id")
        return mid


class MessengerChannel(MetaChannel):
    name = "messenger"
    kind = "messenger"
    capabilities = MESSENGER
    profile_fields = "first_name,last_name,profile_pic"


class InstagramChannel(MetaChannel):
    name = "instagram"
    kind = "instagram"
    capabilities = INSTAGRAM
    profile_fields = "name,username,profile_pic"

    def comment_path(self, comment_id: str) -> str:
        return f"{comment_id}/replies"  # Instagram's replies edge of a comment


class WhatsAppCloudChannel(MetaChannel):
    """WhatsApp through Meta's Cloud API, from the store's phone number id."""

    name = "whatsapp"
    provider = "whatsapp_cloud"
    kind = "whatsapp"
    capabilities = WHATSAPP

    def seen_payload(self, signal: ReadSignal) -> dict[str, Any] | None:
        """The Cloud API marks one message read (and every earlier one) by its wamid."""
        if not signal.provider_id:
            return None
        return {"messaging_product": "whatsapp", "status": "read", "message_id": signal.provider_id}

    def payload(self, message: Outgoing) -> dict[str, Any]:
        to = message.to.removeprefix("+")
        base = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": to}
        template = getattr(message, "template", None)  # an approved template, past the 24 hours
        if template is not None:
            return {**base, "type": "template", "template": _template(template)}
        return {**base, "type": "text", "text": {"body": message.text, "preview_url": False}}

    def payloads(self, message: Outgoing) -> list[dict[str, Any]]:
        if getattr(message, "template", None) is not None:  # a template carries no file of ours
            return [self.payload(message)]
        return super().payloads(message)

    def attachment(self, message: Outgoing, url: str, kind: str) -> dict[str, Any]:
        """A file by its link, as the Cloud API takes it; images, videos and documents carry the text as caption."""
        kind = WHATSAPP_TYPES[kind]
        media: dict[str, Any] = {"link": url}
        if kind != "audio" and message.text.strip():
            media["caption"] = message.text
        base = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": message.to.removeprefix("+")}
        return {**base, "type": kind, kind: media}

    @staticmethod
    def captions(payload: dict[str, Any]) -> bool:
        return payload.get("type") != "audio"

    @staticmethod
    def message_id(answer: dict[str, Any]) -> str:
        sent = answer.get("messages")
        wamid = sent[0].get("id") if isinstance(sent, list) and sent and isinstance(sent[0], dict) else None
        if not isinstance(wamid, str) or not wamid:
            raise DeliveryFailed("provider answered without a message id")
        return wamid


class WhatsAppChannel:
    """The thread channel "whatsapp": Cloud API when the store's number is a connected Cloud account, else
    Twilio (its `whatsapp:` numbers)."""

    name = "whatsapp"
    capabilities = WHATSAPP
    status_path: str | None = None

    def __init__(self, cloud: WhatsAppCloudChannel, twilio: Channel | None = None) -> None:
        self.cloud = cloud
        self.twilio = twilio
        if twilio is not None:
            self.status_path = twilio.status_path

    def verify(self, request: WebhookRequest) -> None:
        (self.twilio or self.cloud).verify(request)

    def parse(self, request: WebhookRequest) -> InboundMessage:
        return (self.twilio or self.cloud).parse(request)

    def parse_status(self, request: WebhookRequest) -> DeliveryReport:
        return (self.twilio or self.cloud).parse_status(request)

    def send(self, message: Outgoing) -> str:
        accounts = self.cloud.accounts
        if self.twilio is None or (accounts is not None and accounts.find("whatsapp", message.sender)):
            return self.cloud.send(message)
        return self.twilio.send(message)

    def customer_profile(self, customer: str, sender: str) -> PlatformProfile | None:
        """WhatsApp's name comes with each message: nothing to look up."""
        return None

    def mark_read(self, signal: ReadSignal) -> None:
        accounts = self.cloud.accounts
        if self.twilio is None or (accounts is not None and accounts.find("whatsapp", signal.sender)):
            self.cloud.mark_read(signal)
        else:
            self.twilio.mark_read(signal)


def profile_of(found: dict[str, Any]) -> PlatformProfile | None:
    """Messenger's first and last names, or Instagram's name (its username when it has none)."""
    def text(key: str) -> str:
        value = found.get(key)
        return value.strip() if isinstance(value, str) else ""

    name = " ".join(p for p in (text("first_name"), text("last_name")) if p) or text("name") or text("username")
    picture = text("profile_pic")
    if not name and not picture:
        return None
    return PlatformProfile(name=name[:200] or None, picture_url=picture or None)


# Meta's kinds of file by content type; anything else goes as a file (a document on WhatsApp).
FILE_KINDS = ("image", "video", "audio")
WHATSAPP_TYPES = {"image": "image", "video": "video", "audio": "audio", "file": "document"}


def media_of(message: Outgoing) -> list[tuple[str, str]]:
    """Each attachment's link and Meta's kind for it (image, video, audio or file), from its content type."""
    types = list(getattr(message, "media_types", ())) + [None] * len(message.media_urls)
    found = []
    for url, content_type in zip(message.media_urls, types, strict=False):
        major = (content_type or "").split("/", 1)[0].lower()
        found.append((url, major if major in FILE_KINDS else "file"))
    return found


def _comment_id(answer: dict[str, Any]) -> str:
    """The id of the reply Meta posted under the comment."""
    posted = answer.get("id")
    if not isinstance(posted, str) or not posted:
        raise DeliveryFailed("provider answered without a comment id")
    return posted


def _template(template: Any) -> dict[str, Any]:
    """A template as the Cloud API takes it: name, language code, and its body's parameters in order."""
    sent: dict[str, Any] = {"name": template.name, "language": {"code": template.language}}
    parameters = list(getattr(template, "parameters", ()))
    if parameters:
        sent["components"] = [{"type": "body", "parameters": [{"type": "text", "text": p} for p in parameters]}]
    return sent
