"""Threads and messages (API.md "Threads")."""
from __future__ import annotations

from chalice import Blueprint

from ..services.clock import parse_iso
from ..services.domain import Attachment
from ..services.errors import InvalidInput
from ..wiring import container
from . import render
from .http import body, current_agent, json_response, query, query_int, route

bp = Blueprint(__name__)


@route(bp, "/v1/threads", "GET", "The inbox: threads by store, status and folder, with counts per status")
def list_threads():  # type: ignore[no-untyped-def]
    q = query(bp)
    if "q" in q:
        return search_threads(q)
    statuses = tuple(s for s in q.get("status", "waiting,replied").split(",") if s)
    page, counts = container().conversations.list(
        current_agent(bp), store_id=q.get("store_id") or None, statuses=statuses, folder=q.get("folder", "inbox"),
        sort=q.get("sort", "recent"), cursor=q.get("cursor") or None, limit=query_int(bp, "limit", 50),
    )
    return json_response({"items": [render.thread(t) for t in page.items], "next_cursor": page.next_cursor,
                          "counts": counts})


@route(bp, "/v1/threads", "POST", "Write first to a customer's number from a store", body="ThreadCreate",
       responses={201: "the thread", 422: "text over the channel's limit"})
def start_thread():  # type: ignore[no-untyped-def]
    agent = current_agent(bp)
    data = body(bp, "ThreadCreate")
    thread = container().conversations.start(agent, store_id=data.store_id, channel=data.channel, to=data.to,
                                             text=data.text)
    return json_response(render.thread(thread), status=201)


@route(bp, "/v1/threads/{thread_id}", "GET", "One thread; opening it marks it read")
def get_thread(thread_id: str):  # type: ignore[no-untyped-def]
    return json_response(render.thread(container().conversations.open(current_agent(bp), thread_id)))


@route(bp, "/v1/threads/{thread_id}/messages", "GET", "Messages of a thread, newest first, paged")
def list_messages(thread_id: str):  # type: ignore[no-untyped-def]
    page = container().conversations.messages(current_agent(bp), thread_id, query(bp).get("cursor") or None,
                                              query_int(bp, "limit", 50))
    return json_response({"items": [render.message(m) for m in page.items], "next_cursor": page.next_cursor})


@route(bp, "/v1/threads/{thread_id}/messages", "POST", "Answer the customer", body="MessageCreate",
       responses={201: "the message, queued", 409: "another agent holds the thread", 422: "too long"})
def reply(thread_id: str):  # type: ignore[no-untyped-def]
    agent = current_agent(bp)
    data = body(bp, "MessageCreate")
    attachments = [Attachment(url=a.url, content_type=a.content_type) for a in data.attachments]
    message = container().conversations.reply(agent, thread_id, data.text, attachments)
    return json_response(render.message(message), status=201)


@route(bp, "/v1/threads/{thread_id}/join", "POST", "Take part in a thread another agent holds")
def join(thread_id: str):  # type: ignore[no-untyped-def]
    return json_response(render.thread(container().conversations.join(current_agent(bp), thread_id)))


@route(bp, "/v1/threads/{thread_id}/status", "POST", "Set the status by hand", body="StatusChange")
def set_status(thread_id: str):  # type: ignore[no-untyped-def]
    agent = current_agent(bp)
    data = body(bp, "StatusChange")
    return json_response(render.thread(container().conversations.set_status(agent, thread_id, data.status)))


@route(bp, "/v1/threads/{thread_id}/transfer", "POST", "Transfer the thread to another store", body="Transfer")
def transfer(thread_id: str):  # type: ignore[no-untyped-def]
    agent = current_agent(bp)
    data = body(bp, "Transfer")
    return json_response(render.thread(container().conversations.transfer(agent, thread_id, data.store_id)))


@route(bp, "/v1/threads/{thread_id}/snooze", "POST", "Snooze the thread until a time (F3)", body="Snooze")
def snooze(thread_id: str):  # type: ignore[no-untyped-def]
    agent = current_agent(bp)
    data = body(bp, "Snooze")
    try:
        until = parse_iso(data.until)
    except ValueError as error:
        raise InvalidInput.field("until", str(error)) from None
    return json_response(render.thread(container().conversations.snooze(agent, thread_id, until)))


@route(bp, "/v1/threads/{thread_id}/close", "POST", "Close the thread with a conversation type (F2)", body="Close")
def close(thread_id: str):  # type: ignore[no-untyped-def]
    agent = current_agent(bp)
    data = body(bp, "Close")
    return json_response(render.thread(container().conversations.close(agent, thread_id, data.reason)))


def search_threads(q: dict[str, str]):  # type: ignore[no-untyped-def]
    """GET /v1/threads?q=: threads found by number, customer name or words of messages (D3), no counts."""
    page = container().search.search(current_agent(bp), q["q"], store_id=q.get("store_id") or None,
                                     cursor=q.get("cursor") or None, limit=query_int(bp, "limit", 50))
    return json_response({"items": [render.search_hit(h) for h in page.items], "next_cursor": page.next_cursor})
