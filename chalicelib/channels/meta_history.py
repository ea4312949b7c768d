"""The history Meta keeps of a page's (or an Instagram account's) conversations, read with the Conversations API:
`GET /{account}/conversations?platform=…` for the conversations, cursor-paged, each with its latest messages;
`GET /{conversation}/messages` for the older pages of a conversation, up to the cap."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from ..services.domain import Attachment
from ..services.domain.channel_accounts import ChannelAccount
from ..services.domain.history import MAX_MESSAGES, HistoryPage, PastConversation, PastMessage, latest
from ..services.ports.channels import Channels
from ..services.ports.history import HistoryUnavailable
from .graph import Graph, GraphError
from .meta import PERMISSION_ERRORS, TOKEN_ERRORS, MetaChannel
from .meta_parse import _dict, _list, _str  # the same lenient readings of Meta's JSON

MESSAGES_PER_PAGE = 100
MESSAGE_FIELDS = "id,created_time,from,to,message,attachments"
Json = dict[str, Any]


class MetaHistory:
    """Reads the history through each channel's Graph (the sandbox's twin on the local stage)."""

    def __init__(self, graphs: Mapping[str, Graph]) -> None:
        self.graphs = graphs

    def page(self, account: ChannelAccount, token: str, cursor: str | None, limit: int) -> HistoryPage:
        graph = self.graphs[account.kind]
        params = {"platform": account.kind, "limit": str(limit),
                  "fields": f"participants,messages.limit({MESSAGES_PER_PAGE}){{{MESSAGE_FIELDS}}}"}
        if cursor:
            params["after"] = cursor
        try:
            answer = graph.get(f"{account.external_id}/conversations", token, params)
            conversations = [self._conversation(graph, token, account, _dict(c)) for c in _list(answer.get("data"))]
        except GraphError as error:
            raise _unavailable(error) from None
        return HistoryPage([c for c in conversations if c is not None], _after(answer))

    def _conversation(self, graph: Graph, token: str, account: ChannelAccount, found: Json) -> PastConversation | None:
        """The conversation's customer and its messages, older pages followed up to the cap."""
        customer = next((_dict(p) for p in _list(_dict(found.get("participants")).get("data"))
                         if _str(_dict(p).get("id")) not in ("", account.external_id)), None)
        if customer is None:
            return None
        edge = _dict(found.get("messages"))
        messages = [m for m in map(lambda raw: _message(account, _dict(raw)), _list(edge.get("data"))) if m]
        after = _after(edge)
        while after and len(messages) < MAX_MESSAGES and found.get("id"):
            edge = graph.get(f"{_str(found['id'])}/messages", token,
                             {"fields": MESSAGE_FIELDS, "limit": str(MESSAGES_PER_PAGE), "after": after})
            messages += [m for m in map(lambda raw: _message(account, _dict(raw)), _list(edge.get("data"))) if m]
            after = _after(edge)
        name = _str(customer.get("name")) or _str(customer.get("username")) or None
        return PastConversation(customer_id=_str(customer["id"]), customer_name=name, messages=latest(messages))


def history_source(channels: Channels) -> MetaHistory:
    """The history of Messenger and Instagram, read through the Graph those channels send with."""
    graphs = {name: channel.graph for name in ("messenger", "instagram")
              if isinstance(channel := channels.get(name), MetaChannel)}
    return MetaHistory(graphs)


def _message(account: ChannelAccount, raw: Json) -> PastMessage | None:
    sent = _time(raw.get("created_time"))
    if not raw.get("id") or sent is None:
        return None
    author = _str(_dict(raw.get("from")).get("id"))
    files = [_attachment(_dict(a)) for a in _list(_dict(raw.get("attachments")).get("data"))]
    return PastMessage(provider_id=_str(raw["id"]), created_at=sent, from_customer=author != account.external_id,
                       text=_str(raw.get("message")), attachments=tuple(a for a in files if a is not None))


def _attachment(item: Json) -> Attachment | None:
    """A file of the history as a link (copied like the webhook's files, by whoever copies those)."""
    for field, kind in (("image_data", "image/*"), ("video_data", "video/*")):
        url = _str(_dict(item.get(field)).get("url"))
        if url:
            return Attachment(url=url, content_type=_str(item.get("mime_type")) or kind)
    url = _str(item.get("file_url"))
    return Attachment(url=url, content_type=_str(item.get("mime_type")) or None) if url else None


def _unavailable(error: GraphError) -> HistoryUnavailable:
    refused = error.code is not None and (error.code in TOKEN_ERRORS or error.code in PERMISSION_ERRORS)
    later = error.status == 0 or error.status == 429 or error.status >= 500
    return HistoryUnavailable(f"Meta answered {error.status}: {error.message}"[:300], retry=later and not refused,
                              token_refused=refused)


def _after(edge: Json) -> str | None:
    """The cursor of the next page, when there is one (Meta gives `next` only then)."""
    paging = _dict(edge.get("paging"))
    after = _str(_dict(paging.get("cursors")).get("after"))
    return after if after and paging.get("next") else None


def _time(value: Any) -> datetime | None:
    """Meta's `2024-05-01T10:00:00+0000`."""
    try:
        return datetime.strptime(value, "%Y-%m-%dT%H:%M:%S%z") if isinstance(value, str) else None
    except ValueError:
        return None
