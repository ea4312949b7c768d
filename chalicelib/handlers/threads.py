"""Threads and messages: the inbox, answering, and moving a thread between statuses, stores and folders."""
from __future__ import annotations

from chalice import Blueprint

from ..runtime import services
from ..services.domain import Agent, Attachment
from ..services.domain.errors import InvalidInput
from ..services.ports.clock import parse_iso
from . import render
from .http import body, current_agent, json_response, query, query_int, route

bp = Blueprint(__name__)


@route(bp, "/v1/threads", "GET", "The inbox: threads by store, status and folder, with counts per status")
def list_threads():  # type: ignore[no-untyped-def]
    q = query(bp)
    if "q" in q:
        return search_threads(q)
    folder = q.get("folder", "inbox")
    # The inbox shows what is in progress by default; the other folders show all they hold.
    default = "waiting,replied" if folder == "inbox" else "waiting,replied,resolved"
    statuses = tuple(s for s in (q.get("status") or default).split(",") if s)
    agent = current_agent(bp)
    group_stores = group_filter(agent, q)
    page, counts = services().conversations.inbox.list(
        agent, store_id=q.get("store_id") or None, statuses=statuses, folder=folder,
        sort=q.get("sort", "recent"), cursor=q.get("cursor") or None, limit=query_int(bp, "limit", 50),
        group_stores=group_stores,
    )
    return json_response({"items": [render.thread(t) for t in page.items], "next_cursor": page.next_cursor,
                          "counts": counts})


@route(bp, "/v1/threads", "POST", "Write first to a customer's number from a store", body="ThreadCreate",
       responses={201: "the thread", 409: "the customer opted out of this store's number (/opted-out)",
                  422: "text over the channel's limit",
                  429: "too many conversations started by the caller: see Retry-After"})
def start_thread():  # type: ignore[no-untyped-def]
    agent = current_agent(bp)
    data = body(bp, "ThreadCreate")
    services().accounts.limit_texts_started(agent)
    thread = services().conversations.answer.start(agent, store_id=data.store_id, channel=data.channel, to=data.to,
                                    text=data.text)
    return json_response(render.thread(thread), status=201)


@route(bp, "/v1/threads/{thread_id}", "GET", "One thread; opening it marks it read")
def get_thread(thread_id: str):  # type: ignore[no-untyped-def]
    return json_response(render.thread(services().conversations.inbox.open(current_agent(bp), thread_id)))


@route(bp, "/v1/threads/{thread_id}/messages", "GET", "Messages of a thread, newest first, paged")
def list_messages(thread_id: str):  # type: ignore[no-untyped-def]
    page = services().conversations.inbox.messages(current_agent(bp), thread_id, query(bp).get("cursor") or None,
                                      query_int(bp, "limit", 50))
    return json_response({"items": [render.message(m) for m in page.items], "next_cursor": page.next_cursor})


@route(bp, "/v1/threads/{thread_id}/messages", "POST", "Answer the customer", body="MessageCreate",
       responses={201: "the message, queued", 400: "`reply_to` on a channel without comments, with a tag or "
                  "template, or naming a message that is no comment; `private` without `reply_to`, or past 7 days "
                  "after the comment", 404: "no such thread, or `reply_to` names no message of it",
                  409: "another agent holds the thread, the customer opted out (/opted-out), or the comment already "
                  "has its private reply", 422: "too long for the channel, or past its reply window without the tag or "
                  "template it then requires (/window-closed, with `allowed_tags` and `template_required`)"})
def reply(thread_id: str):  # type: ignore[no-untyped-def]
    agent = current_agent(bp)
    data = body(bp, "MessageCreate")
    attachments = [Attachment(url=a.url, content_type=a.content_type) for a in data.attachments]
    message = services().conversations.answer.reply(agent, thread_id, data.text, attachments, tag=data.tag,
                                                    template=data.template.domain() if data.template else None,
                                                    reply_to=data.reply_to, private=data.private)
    return json_response(render.message(message), status=201)


@route(bp, "/v1/threads/{thread_id}/join", "POST", "Take part in a thread another agent holds")
def join(thread_id: str):  # type: ignore[no-untyped-def]
    return json_response(render.thread(services().conversations.changes.join(current_agent(bp), thread_id)))


@route(bp, "/v1/threads/{thread_id}/status", "POST", "Set the status by hand", body="StatusChange")
def set_status(thread_id: str):  # type: ignore[no-untyped-def]
    agent = current_agent(bp)
    data = body(bp, "StatusChange")
    return json_response(render.thread(services().conversations.changes.set_status(agent, thread_id, data.status)))


@route(bp, "/v1/threads/{thread_id}/transfer", "POST", "Transfer the thread to another store or to a colleague",
       body="Transfer")
def transfer(thread_id: str):  # type: ignore[no-untyped-def]
    agent = current_agent(bp)
    data = body(bp, "Transfer")
    thread = services().collaboration.transfer(agent, thread_id, store_id=data.store_id, agent_id=data.agent_id)
    return json_response(render.thread(thread))


@route(bp, "/v1/threads/{thread_id}/snooze", "POST", "Snooze the thread until a time (F3)", body="Snooze")
def snooze(thread_id: str):  # type: ignore[no-untyped-def]
    agent = current_agent(bp)
    data = body(bp, "Snooze")
    try:
        until = parse_iso(data.until)
    except ValueError as error:
        raise InvalidInput.field("until", str(error)) from None
    return json_response(render.thread(services().conversations.snooze.snooze(agent, thread_id, until)))


@route(bp, "/v1/threads/{thread_id}/close", "POST", "Close the thread with a conversation type (F2)", body="Close")
def close(thread_id: str):  # type: ignore[no-untyped-def]
    agent = current_agent(bp)
    data = body(bp, "Close")
    return json_response(render.thread(services().conversations.changes.close(agent, thread_id, data.reason)))


def group_filter(agent: Agent, q: dict[str, str]) -> tuple[str, ...] | None:
    """?group_id=: the inbox of a store group (a region...), exclusive of ?store_id=."""
    group_id = q.get("group_id") or None
    if group_id is None:
        return None
    if q.get("store_id"):
        raise InvalidInput.field("group_id", "filter by store_id or by group_id, not both")
    return services().admin.group_stores(agent, group_id)


@route(bp, "/v1/threads/{thread_id}/folder", "POST", "Mark done, spam or archived, or back to the inbox (C6, F1)",
       body="FolderChange", responses={200: "the thread", 403: "read-only store", 404: "no such thread"})
def move_to_folder(thread_id: str):  # type: ignore[no-untyped-def]
    agent = current_agent(bp)
    data = body(bp, "FolderChange")
    return json_response(render.thread(services().triage.move(agent, thread_id, data.folder, data.reason)))


@route(bp, "/v1/threads/{thread_id}/hold", "POST", "Put the customer on hold, or take them off it (F4)",
       body="HoldChange", responses={200: "the thread", 403: "read-only store", 404: "no such thread"})
def hold(thread_id: str):  # type: ignore[no-untyped-def]
    agent = current_agent(bp)
    data = body(bp, "HoldChange")
    return json_response(render.thread(services().triage.hold(agent, thread_id, data.on_hold, data.reason)))


def search_threads(q: dict[str, str]):  # type: ignore[no-untyped-def]
    """GET /v1/threads?q=: threads found by number, customer name or words of messages, no counts."""
    page = services().search.search(current_agent(bp), q["q"], store_id=q.get("store_id") or None,
                                     cursor=q.get("cursor") or None, limit=query_int(bp, "limit", 50))
    return json_response({"items": [render.search_hit(h) for h in page.items], "next_cursor": page.next_cursor})
