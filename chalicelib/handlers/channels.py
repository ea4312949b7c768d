"""A store's channels: its Messenger pages, Instagram accounts and WhatsApp numbers (brand admins and the
store's admins). Access tokens are written here and never answered."""
from __future__ import annotations

from typing import Any

from chalice import Blueprint, Response

from ..runtime import services
from ..services.domain.channel_accounts import ChannelAccount
from ..services.domain.history import HistoryState
from . import render
from .audit import audited
from .http import body, current_agent, json_response, only_fields, route

bp = Blueprint(__name__)
CHANNELS = "/v1/stores/{store_id}/channels"
CHANNEL = CHANNELS + "/{channel_id}"
NOT_YET = "widget and sdk channels cannot be connected yet (names `kind`)"


def channel_account(a: ChannelAccount) -> dict[str, Any]:
    """An account as the API shows it: never its token."""
    return {"id": a.id, "store_id": a.store_id, "kind": a.kind, "external_id": a.external_id, "name": a.name,
            "status": a.status, "receive_comments": a.receive_comments, "created_at": render.iso(a.created_at),
            "updated_at": render.iso(a.updated_at), "history": _history(a.history)}


def _history(h: HistoryState | None) -> dict[str, Any] | None:
    """Where the import of the platform's history stands; None before any was asked (its cursor stays inside)."""
    if h is None:
        return None
    return {"status": h.status, "threads": h.threads, "messages": h.messages, "reason": h.reason,
            "updated_at": render.iso(h.updated_at) if h.updated_at else None}


def _details(a: ChannelAccount, **more: Any) -> dict[str, Any]:
    return {"store_id": a.store_id, "kind": a.kind, "external_id": a.external_id, **more}


@route(bp, CHANNELS, "GET", "The store's channels (brand admins and the store's admins)")
def list_channels(store_id: str):  # type: ignore[no-untyped-def]
    listed = services().channel_accounts.list(current_agent(bp), store_id)
    return json_response({"items": [channel_account(a) for a in listed], "next_cursor": None})


@route(bp, CHANNELS, "POST", "Connect a Messenger page, an Instagram account or a WhatsApp number to the store",
       body="ChannelConnect", responses={201: "the channel (its access token is never answered)", 422: NOT_YET})
def connect_channel(store_id: str):  # type: ignore[no-untyped-def]
    agent, data = current_agent(bp), body(bp, "ChannelConnect")
    account = services().channel_accounts.connect(
        agent, store_id, kind=data.kind, external_id=data.external_id, name=data.name,
        access_token=data.access_token, receive_comments=data.receive_comments)
    audited(agent, "channel.connect", "channel", account.id,
            _details(account, name=account.name, receive_comments=account.receive_comments))
    return json_response(channel_account(account), status=201)


@route(bp, CHANNEL, "PATCH", "Rename a channel, switch post comments, or reconnect it with a new access token",
       body="ChannelPatch", responses={200: "the channel"})
def patch_channel(store_id: str, channel_id: str):  # type: ignore[no-untyped-def]
    agent, changes = current_agent(bp), only_fields(body(bp, "ChannelPatch"))
    account = services().channel_accounts.update(agent, store_id, channel_id, changes)
    if changes.get("access_token") is not None:
        changes["access_token"] = "replaced"  # the audit hides it anyway; say only that it changed
    audited(agent, "channel.update", "channel", account.id, _details(account, **changes))
    return json_response(channel_account(account))


@route(bp, CHANNEL, "DELETE", "Disconnect a channel: its access token is forgotten",
       responses={204: "disconnected"})
def disconnect_channel(store_id: str, channel_id: str):  # type: ignore[no-untyped-def]
    agent = current_agent(bp)
    account = services().channel_accounts.disconnect(agent, store_id, channel_id)
    audited(agent, "channel.disconnect", "channel", account.id, _details(account))
    return Response(body="", status_code=204)
