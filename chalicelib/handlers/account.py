"""The account's password (change, reset by e-mail link) and the account's deletion."""
from __future__ import annotations

from chalice import Blueprint

from ..runtime import services
from . import render
from .admin import no_content
from .audit import audited
from .http import body, current_agent, json_response, route

bp = Blueprint(__name__)


@route(bp, "/v1/me/password", "POST", "Change the caller's password; sessions issued before stop working",
       body="PasswordChange", responses={204: "changed", 400: "wrong current password or too short"})
def change_password():  # type: ignore[no-untyped-def]
    agent = current_agent(bp)
    data = body(bp, "PasswordChange")
    services().credentials.change_password(agent, data.current_password, data.new_password)
    return no_content()


@route(bp, "/v1/auth/password-reset", "POST", "E-mail a password reset link valid one hour",
       body="PasswordResetRequest", auth=False, responses={202: "sent if the address has an account"})
def request_reset():  # type: ignore[no-untyped-def]
    services().credentials.request_reset(body(bp, "PasswordResetRequest").email)
    return json_response({"detail": "if this address has an account, a link is on its way"}, status=202)


@route(bp, "/v1/auth/password-reset/{token}", "POST", "Set a new password from a reset link, and log in",
       body="PasswordResetSet", auth=False,
       responses={200: "token and agent", 404: "no such link, or expired", 409: "link used already"})
def reset_password(token: str):  # type: ignore[no-untyped-def]
    session, agent = services().credentials.reset_password(token, body(bp, "PasswordResetSet").password)
    return json_response({"token": session, "agent": render.agent(agent)})


@route(bp, "/v1/me", "DELETE", "Delete the caller's account (messages sent stay, without the person)",
       body="AccountDelete", responses={204: "deleted", 400: "wrong password", 409: "last brand admin"})
def delete_me():  # type: ignore[no-untyped-def]
    agent = current_agent(bp)
    services().credentials.delete_own_account(agent, body(bp, "AccountDelete").password)
    return no_content()


@route(bp, "/v1/agents/{agent_id}", "DELETE", "Delete an agent's account (brand admins)",
       responses={204: "deleted", 404: "no such agent", 409: "last brand admin"})
def delete_agent(agent_id: str):  # type: ignore[no-untyped-def]
    admin = current_agent(bp)
    services().credentials.delete_agent(admin, agent_id)
    audited(admin, "agent.remove", "agent", agent_id, {"account": "deleted"})
    return no_content()
