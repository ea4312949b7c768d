"""Login, the agent's own account, agents, invitations, rights, presence and serving hours."""
from __future__ import annotations

from chalice import Blueprint

from ..runtime import services
from ..services.domain import StoreRights, access
from . import render
from .audit import audited
from .http import body, current_agent, json_response, only_fields, query, query_int, route
from .source import source_address

bp = Blueprint(__name__)


@route(bp, "/v1/auth/login", "POST", "Log in with e-mail and password", body="Login", auth=False,
       responses={200: "token and agent", 401: "wrong e-mail or password",
                  429: "too many failed logins for this e-mail or from this address: see Retry-After"})
def login():  # type: ignore[no-untyped-def]
    data = body(bp, "Login")
    token, agent = services().accounts.login(data.email, data.password, source_address(bp.current_request))
    return json_response({"token": token, "agent": render.agent(agent)})


@route(bp, "/v1/me", "GET", "The caller, with rights per store, role and the sections and channels it may use")
def me():  # type: ignore[no-untyped-def]
    agent = current_agent(bp)
    role = services().roles.role_of(agent)
    sections, channels = access.sections_of(agent), access.channels_of(agent, services().roles.channels)
    return json_response({**render.agent(agent), **render.access(role, sections, channels)})


@route(bp, "/v1/me", "PATCH", "Edit the caller's account settings. A new `email` needs `current_password` and "
       "takes effect when the link mailed to it is used", body="MePatch",
       responses={200: "the agent (with the e-mail it logs in with)", 403: "wrong current_password"})
def patch_me():  # type: ignore[no-untyped-def]
    agent = current_agent(bp)
    changes = {k: v for k, v in only_fields(body(bp, "MePatch")).items() if v is not None}
    password, email = changes.pop("current_password", None), changes.pop("email", None)
    c = services()
    if email is not None:  # checked first: a refused e-mail change changes nothing else either
        c.safety.email_changes.request(agent, email, password)
    updated = c.accounts.update_profile(agent, changes) if changes else agent
    return json_response(render.agent(updated))


@route(bp, "/v1/me/email-confirmations/{token}", "POST", "Confirm an e-mail change with the mailed link's token",
       responses={200: "the agent, logging in with the new e-mail", 404: "no such link, or expired",
                  409: "link used already, or the e-mail belongs to another account"})
def confirm_email(token: str):  # type: ignore[no-untyped-def]
    agent = services().safety.email_changes.confirm(current_agent(bp), token)
    return json_response(render.agent(agent))


@route(bp, "/v1/agents", "GET", "Agents of the brand, or of one store with ?store_id=")
def list_agents():  # type: ignore[no-untyped-def]
    agents = services().accounts.list_agents(current_agent(bp), query(bp).get("store_id"))
    return json_response({"items": [render.agent(a) for a in agents], "next_cursor": None})


@route(bp, "/v1/invitations", "POST", "Invite an employee to a store by e-mail", body="InvitationCreate",
       responses={201: "invitation sent", 429: "too many invitations sent by the caller: see Retry-After"})
def invite():  # type: ignore[no-untyped-def]
    data = body(bp, "InvitationCreate")
    inviter = current_agent(bp)
    invitation = services().accounts.invite(inviter, data.email, data.store_id)
    audited(inviter, "invitation.create", "store", invitation.store_id, {"email": invitation.email})
    return json_response({"email": invitation.email, "store_id": invitation.store_id,
                          "expires_at": render.iso(invitation.expires_at)}, status=201)


@route(bp, "/v1/invitations/{token}/accept", "POST", "Accept an invitation and set a password",
       body="InvitationAccept", auth=False, responses={200: "token and agent", 404: "no such invitation"})
def accept(token: str):  # type: ignore[no-untyped-def]
    data = body(bp, "InvitationAccept")
    session, agent = services().accounts.accept_invitation(token, data.password, data.first_name, data.last_name)
    return json_response({"token": session, "agent": render.agent(agent)})


@route(bp, "/v1/agents/{agent_id}/rights", "GET", "An agent's rights per store")
def get_rights(agent_id: str):  # type: ignore[no-untyped-def]
    agent = services().accounts.get_agent(current_agent(bp), agent_id)
    return json_response({"agent_id": agent.id, "stores": render.rights(agent)})


@route(bp, "/v1/agents/{agent_id}/rights", "PUT", "Save an agent's rights per store as a whole", body="RightsMatrix")
def put_rights(agent_id: str):  # type: ignore[no-untyped-def]
    data = body(bp, "RightsMatrix")
    matrix = {s: StoreRights(r.perimeter, r.contactable, r.admin) for s, r in data.stores.items()}
    admin = current_agent(bp)
    before = render.rights(services().accounts.get_agent(admin, agent_id))
    agent = services().accounts.set_rights(admin, agent_id, matrix)
    audited(admin, "rights.update", "agent", agent.id, {"before": before, "after": render.rights(agent)})
    return json_response({"agent_id": agent.id, "stores": render.rights(agent)})


@route(bp, "/v1/me/presence", "PUT", "Set the caller's presence on a channel (G3)", body="Presence")
def put_presence():  # type: ignore[no-untyped-def]
    agent = current_agent(bp)
    data = body(bp, "Presence")
    c = services()
    updated = c.accounts.set_presence(agent, data.channel, data.state)
    return json_response(render.presence(updated, c.stores.brand(agent).slots_per_agent))


@route(bp, "/v1/me/presence", "GET", "The caller's presence, as set and as others see it")
def get_presence():  # type: ignore[no-untyped-def]
    agent = current_agent(bp)
    return json_response(render.presence(agent, services().stores.brand(agent).slots_per_agent))


@route(bp, "/v1/notifications", "GET", "The caller's notifications, newest first")
def notifications():  # type: ignore[no-untyped-def]
    agent = current_agent(bp)
    page = services().notifier.list(agent, query(bp).get("cursor") or None, query_int(bp, "limit", 50))
    return json_response({"items": [render.notification(n) for n in page.items], "next_cursor": page.next_cursor})


@route(bp, "/v1/agents/{agent_id}/serving-hours", "GET", "The weekly hours an agent is routed customers (A5)")
def get_serving_hours(agent_id: str):  # type: ignore[no-untyped-def]
    agent = services().accounts.get_agent(current_agent(bp), agent_id)
    return json_response({"agent_id": agent.id, "hours": agent.serving_hours})


@route(bp, "/v1/agents/{agent_id}/serving-hours", "PUT", "Set an agent's serving hours; [] means always",
       body="ServingHours")
def put_serving_hours(agent_id: str):  # type: ignore[no-untyped-def]
    admin = current_agent(bp)
    data = body(bp, "ServingHours")
    hours = [r.model_dump(by_alias=True) for r in data.hours]
    agent = services().accounts.set_serving_hours(admin, agent_id, hours)
    return json_response({"agent_id": agent.id, "hours": agent.serving_hours})
