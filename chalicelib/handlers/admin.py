"""Store administration (a store's agents), store groups (a region...) and roles."""
from __future__ import annotations

from chalice import Blueprint, Response

from ..runtime import services
from . import render
from .audit import audited
from .http import body, current_agent, json_response, only_fields, route

bp = Blueprint(__name__)


def no_content() -> Response:
    return Response(body="", status_code=204)


def _sent(schema: str) -> dict:
    """The fields a PATCH body sent with a value (null means "leave as is")."""
    return {k: v for k, v in only_fields(body(bp, schema)).items() if v is not None}


# -- the agents of a store ------------------------------------------------------------------
@route(bp, "/v1/stores/{store_id}/agents/{agent_id}", "DELETE", "Remove an agent from a store (its admins)",
       responses={204: "removed", 404: "no such store, or the agent is not in it"})
def remove_store_agent(store_id: str, agent_id: str):  # type: ignore[no-untyped-def]
    admin = current_agent(bp)
    services().admin.remove_from_store(admin, store_id, agent_id)
    audited(admin, "agent.remove", "agent", agent_id, {"store_id": store_id})
    return no_content()


@route(bp, "/v1/stores/{store_id}/agents/{agent_id}", "PATCH",
       "Promote or demote a store admin, or change perimeter and contactable on one store", body="StoreAgentPatch",
       responses={200: "the agent's rights per store", 404: "no such store, or the agent is not in it"})
def patch_store_agent(store_id: str, agent_id: str):  # type: ignore[no-untyped-def]
    admin = current_agent(bp)
    changes = _sent("StoreAgentPatch")
    agent = services().admin.change_store_rights(admin, store_id, agent_id, changes)
    audited(admin, "rights.update", "agent", agent.id, {"store_id": store_id, **changes})
    return json_response({"agent_id": agent.id, "stores": render.rights(agent)})


@route(bp, "/v1/agents/{agent_id}", "PATCH", "Edit an agent's names and picture (brand admin or store admin)",
       body="AgentPatch")
def patch_agent(agent_id: str):  # type: ignore[no-untyped-def]
    admin = current_agent(bp)
    changes = only_fields(body(bp, "AgentPatch"))
    agent = services().admin.edit_agent(admin, agent_id, changes)
    audited(admin, "agent.update", "agent", agent.id, changes)
    return json_response(render.agent(agent))


# -- store groups ---------------------------------------------------------------------------
@route(bp, "/v1/store-groups", "GET", "Groups of stores, each with the stores the caller can see")
def list_groups():  # type: ignore[no-untyped-def]
    groups = services().admin.list_groups(current_agent(bp))
    return json_response({"items": [render.store_group(g) for g in groups], "next_cursor": None})


@route(bp, "/v1/store-groups", "POST", "Create a group of stores (brand admins)", body="StoreGroupCreate",
       responses={201: "the group"})
def create_group():  # type: ignore[no-untyped-def]
    admin = current_agent(bp)
    data = body(bp, "StoreGroupCreate")
    group = services().admin.create_group(admin, data.name, data.store_ids)
    audited(admin, "store_group.create", "store_group", group.id, only_fields(data))
    return json_response(render.store_group(group), status=201)


@route(bp, "/v1/store-groups/{group_id}", "PATCH", "Rename a group or change its stores (brand admins)",
       body="StoreGroupPatch")
def patch_group(group_id: str):  # type: ignore[no-untyped-def]
    admin = current_agent(bp)
    changes = _sent("StoreGroupPatch")
    group = services().admin.update_group(admin, group_id, changes)
    audited(admin, "store_group.update", "store_group", group.id, changes)
    return json_response(render.store_group(group))


@route(bp, "/v1/store-groups/{group_id}", "DELETE", "Delete a group of stores (brand admins)",
       responses={204: "deleted", 404: "no such group"})
def delete_group(group_id: str):  # type: ignore[no-untyped-def]
    admin = current_agent(bp)
    services().admin.delete_group(admin, group_id)
    audited(admin, "store_group.delete", "store_group", group_id)
    return no_content()


# -- roles ----------------------------------------------------------------------------------
@route(bp, "/v1/roles", "GET", "The brand's roles: sections and channels they open")
def list_roles():  # type: ignore[no-untyped-def]
    roles = services().roles.list_roles(current_agent(bp))
    return json_response({"items": [render.role(r) for r in roles], "next_cursor": None})


@route(bp, "/v1/roles", "POST", "Create a role (brand admins)", body="RoleCreate", responses={201: "the role"})
def create_role():  # type: ignore[no-untyped-def]
    admin = current_agent(bp)
    data = body(bp, "RoleCreate")
    role = services().roles.create(admin, data.name, data.sections, data.channels)
    audited(admin, "role.create", "role", role.id, only_fields(data))
    return json_response(render.role(role), status=201)


@route(bp, "/v1/roles/{role_id}", "PATCH", "Rename a role or change its sections and channels (brand admins)",
       body="RolePatch")
def patch_role(role_id: str):  # type: ignore[no-untyped-def]
    admin = current_agent(bp)
    changes = _sent("RolePatch")
    role = services().roles.update(admin, role_id, changes)
    audited(admin, "role.update", "role", role.id, changes)
    return json_response(render.role(role))


@route(bp, "/v1/roles/{role_id}", "DELETE", "Delete a role nobody has (brand admins)",
       responses={204: "deleted", 404: "no such role", 409: "agents have the role"})
def delete_role(role_id: str):  # type: ignore[no-untyped-def]
    admin = current_agent(bp)
    services().roles.delete(admin, role_id)
    audited(admin, "role.delete", "role", role_id)
    return no_content()


@route(bp, "/v1/agents/{agent_id}/role", "PUT", "Give an agent a role, or none: every section (brand admins)",
       body="RoleAssign")
def put_role(agent_id: str):  # type: ignore[no-untyped-def]
    admin = current_agent(bp)
    data = body(bp, "RoleAssign")
    agent = services().roles.assign(admin, agent_id, data.role_id)
    audited(admin, "role.assign", "agent", agent.id, {"role_id": data.role_id})
    return json_response(render.agent(agent))
