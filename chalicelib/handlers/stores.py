"""The brand and its stores (API.md "Auth and people")."""
from __future__ import annotations

from chalice import Blueprint

from ..wiring import container
from . import render
from .http import body, current_agent, json_response, only_fields, route

bp = Blueprint(__name__)


@route(bp, "/v1/brand", "GET", "The caller's brand")
def get_brand():  # type: ignore[no-untyped-def]
    return json_response(render.brand(container().stores.brand(current_agent(bp))))


@route(bp, "/v1/brand", "PATCH", "Edit the brand's name and picture (brand admins)", body="BrandPatch")
def patch_brand():  # type: ignore[no-untyped-def]
    agent = current_agent(bp)
    changes = {k: v for k, v in only_fields(body(bp, "BrandPatch")).items() if v is not None}
    return json_response(render.brand(container().stores.update_brand(agent, changes)))


@route(bp, "/v1/stores", "GET", "Stores the caller can see, with their agent count")
def list_stores():  # type: ignore[no-untyped-def]
    stores = container().stores.list_stores(current_agent(bp))
    return json_response({"items": [render.store(s) for s in stores], "next_cursor": None})


@route(bp, "/v1/stores", "POST", "Create a store (brand admins)", body="StoreCreate", responses={201: "the store"})
def create_store():  # type: ignore[no-untyped-def]
    agent = current_agent(bp)
    data = body(bp, "StoreCreate")
    store = container().stores.create_store(agent, name=data.name, timezone=data.timezone, address=data.address,
                                            phone_number=data.phone_number)
    return json_response(render.store(store), status=201)


@route(bp, "/v1/stores/{store_id}", "GET", "One store")
def get_store(store_id: str):  # type: ignore[no-untyped-def]
    return json_response(render.store(container().stores.get_store(current_agent(bp), store_id)))


@route(bp, "/v1/stores/{store_id}", "PATCH", "Edit a store (its admins)", body="StorePatch")
def patch_store(store_id: str):  # type: ignore[no-untyped-def]
    agent = current_agent(bp)
    changes = only_fields(body(bp, "StorePatch"))
    return json_response(render.store(container().stores.update_store(agent, store_id, changes)))
