"""Messenger, Instagram and WhatsApp Cloud API: sends through Meta's Graph API with the account's token.

Meta reports deliveries through the same webhook as messages (channels/meta_webhook.py), so these adapters
have no status path of their own. The thread's channel is "whatsapp" whichever provider carries it: the
WhatsApp channel sends through the Cloud API when the store's number is a connected Cloud account, through
Twilio otherwise.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..services.domain.channel_accounts import ChannelAccount
from ..services.domain.channels import CHANNEL_RULES, Capabilities, DeliveryReport, InboundMessage
from ..services.domain.errors import DeliveryDeferred, DeliveryFailed, InvalidInput
from ..services.ports.channels import AccountLookup, Channel, Outgoing, WebhookRequest
from .graph import Graph, GraphError
from .meta_webhook import MetaWebhook

# Meta's human-agent allowance stretches the 24 hours to 7 days; then only these tags let a message through.
# The platforms' rules (shared with the conversation rules); files a store sends are not carried to Meta yet.
MESSENGER = replace(CHANNEL_RULES["messenger"], max_attachments=0)
INSTAGRAM = replace(CHANNEL_RULES["instagram"], max_attachments=0)
WHATSAPP = replace(CHANNEL_RULES["whatsapp"], max_attachments=0)

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
        comment = message.reply_to_comment
        public = bool(comment) and not message.private_reply
        path, payload = (self.comment_path(comment or ""), {"message": message.text}) if public else \
            (self.path(account), self.payload(message))
        try:
            answer = self.graph.post(path, self.accounts.token_for(account), payload)
        except GraphError as error:
            raise self._refusal(account, error) from None
        return _comment_id(answer) if public else self.message_id(answer)

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


class InstagramChannel(MetaChannel):
    name = "instagram"
    kind = "instagram"
    capabilities = INSTAGRAM

    def comment_path(self, comment_id: str) -> str:
        return f"{comment_id}/replies"  # Instagram's replies edge of a comment


class WhatsAppCloudChannel(MetaChannel):
    """WhatsApp through Meta's Cloud API, from the store's phone number id."""

    name = "whatsapp"
    provider = "whatsapp_cloud"
    kind = "whatsapp"
    capabilities = WHATSAPP

    def payload(self, message: Outgoing) -> dict[str, Any]:
        to = message.to.removeprefix("+")
        base = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": to}
        template = getattr(message, "template", None)  # an approved template, past the 24 hours
        if template is not None:
            return {**base, "type": "template", "template": _template(template)}
        return {**base, "type": "text", "text": {"body": message.text, "preview_url": False}}

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
