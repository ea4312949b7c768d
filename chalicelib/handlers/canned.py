"""Canned responses: the brand's library, kept by brand admins, and each agent's own."""
from __future__ import annotations

from chalice import Blueprint, Response

from ..runtime import services
from . import render
from .http import body, current_agent, json_response, query, route

bp = Blueprint(__name__)


@route(bp, "/v1/canned-responses", "GET",
       "The brand's and the caller's own canned responses, alphabetically; `q` searches, `thread_id` fills them")
def list_canned():  # type: ignore[no-untyped-def]
    q = query(bp)
    listed = services().canned.list(current_agent(bp), q.get("q") or None, q.get("thread_id") or None)
    return json_response({"items": [render.canned(i.canned, i.filled_text) for i in listed], "next_cursor": None})


@route(bp, "/v1/canned-responses", "POST", "Add a canned response to the brand's library (brand admins) or one's own",
       body="CannedCreate", responses={201: "the canned response", 403: "not a brand admin"})
def create_canned():  # type: ignore[no-untyped-def]
    agent = current_agent(bp)
    data = body(bp, "CannedCreate")
    return json_response(render.canned(services().canned.create(agent, data.title, data.text, data.scope)),
                         status=201)


@route(bp, "/v1/canned-responses/{canned_id}", "PATCH", "Edit a canned response's title or text",
       body="CannedPatch", responses={200: "the canned response", 403: "not a brand admin", 404: "not found"})
def patch_canned(canned_id: str):  # type: ignore[no-untyped-def]
    agent = current_agent(bp)
    data = body(bp, "CannedPatch")
    return json_response(render.canned(services().canned.update(agent, canned_id, data.title, data.text)))


@route(bp, "/v1/canned-responses/{canned_id}", "DELETE", "Delete a canned response",
       responses={204: "deleted", 403: "not a brand admin", 404: "not found"})
def delete_canned(canned_id: str):  # type: ignore[no-untyped-def]
    services().canned.delete(current_agent(bp), canned_id)
    return Response(body="", status_code=204)
