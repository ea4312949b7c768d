"""Calls to customers, logged in their thread (the call itself goes from the agent's phone)."""
from __future__ import annotations

from chalice import Blueprint

from ..runtime import services
from . import render
from .http import body, current_agent, json_response, route

bp = Blueprint(__name__)


@route(bp, "/v1/threads/{thread_id}/calls", "POST", "Log a call made to the customer (never sent to them); "
       "`reached` answers the contact as a message does", body="CallCreate",
       responses={201: "the call, a message of kind `call` with its outcome",
                  403: "the store is read-only for you, or your role lacks the thread's channel",
                  404: "no such thread", 409: "another agent holds the thread, or the customer has no phone number"})
def log_call(thread_id: str):  # type: ignore[no-untyped-def]
    data = body(bp, "CallCreate")
    call = services().conversations.calls.log.log(current_agent(bp), thread_id, data.outcome, data.note)
    return json_response(render.message(call), status=201)
