"""Alerts by hand: raise or clear a thread's alert (the inbox section of dissatisfied customers)."""
from __future__ import annotations

from chalice import Blueprint

from ..runtime import services
from . import render
from .http import body, current_agent, json_response, route

bp = Blueprint(__name__)


@route(bp, "/v1/threads/{thread_id}/alert", "POST", "Raise or clear the thread's alert by hand (C5)",
       body="AlertChange", responses={200: "the thread", 403: "read-only store", 404: "no such thread"})
def set_alert(thread_id: str):  # type: ignore[no-untyped-def]
    agent = current_agent(bp)
    data = body(bp, "AlertChange")
    return json_response(render.thread(services().alerts.set(agent, thread_id, data.alert)))
