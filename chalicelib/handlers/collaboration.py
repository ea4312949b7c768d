"""The invisible thread (notes for colleagues), mentions, delegation and sharing."""
from __future__ import annotations

from chalice import Blueprint

from ..runtime import services
from ..services.domain.errors import InvalidInput
from . import render
from .http import body, current_agent, json_response, query, query_int, route

bp = Blueprint(__name__)


@route(bp, "/v1/threads/{thread_id}/notes", "GET", "The invisible thread: notes for colleagues, newest first")
def list_notes(thread_id: str):  # type: ignore[no-untyped-def]
    page = services().collaboration.list_notes(current_agent(bp), thread_id, query(bp).get("cursor") or None,
                                                query_int(bp, "limit", 50))
    return json_response({"items": [render.note(n) for n in page.items], "next_cursor": page.next_cursor})


@route(bp, "/v1/threads/{thread_id}/notes", "POST", "Write a note for colleagues; @[agent_id] mentions one",
       body="NoteCreate", responses={201: "the note", 400: "empty, too long, or an unknown mention"})
def add_note(thread_id: str):  # type: ignore[no-untyped-def]
    agent = current_agent(bp)
    data = body(bp, "NoteCreate")
    return json_response(render.note(services().collaboration.add_note(agent, thread_id, data.text)), status=201)


@route(bp, "/v1/threads/{thread_id}/delegate", "POST", "Send the thread to the brand's customer-service e-mail",
       body="Delegate", responses={200: "the thread", 409: "the brand has no customer-service e-mail"})
def delegate(thread_id: str):  # type: ignore[no-untyped-def]
    agent = current_agent(bp)
    data = body(bp, "Delegate")
    return json_response(render.thread(services().collaboration.delegate(agent, thread_id, data.comment)))


@route(bp, "/v1/threads/{thread_id}/share", "POST", "Share the thread with another store for information",
       body="Share", responses={200: "the thread"})
def share(thread_id: str):  # type: ignore[no-untyped-def]
    agent = current_agent(bp)
    data = body(bp, "Share")
    return json_response(render.thread(services().collaboration.share(agent, thread_id, data.store_id,
                                                                       data.comment)))


@route(bp, "/v1/mentions", "GET", "The caller's mentions, newest first (?unread=true: the unread ones)")
def list_mentions():  # type: ignore[no-untyped-def]
    agent = current_agent(bp)
    unread = query(bp).get("unread", "false")
    if unread not in ("true", "false"):
        raise InvalidInput.field("unread", "true or false")
    page, unread_count = services().collaboration.mentions(agent, query(bp).get("cursor") or None,
                                                            query_int(bp, "limit", 50), unread == "true")
    return json_response({"items": [render.mention(m) for m in page.items], "next_cursor": page.next_cursor,
                          "unread_count": unread_count})


@route(bp, "/v1/mentions/{mention_id}/read", "POST", "Mark one of the caller's mentions read",
       responses={200: "the mention", 404: "no such mention of the caller"})
def read_mention(mention_id: str):  # type: ignore[no-untyped-def]
    return json_response(render.mention(services().collaboration.read_mention(current_agent(bp), mention_id)))
