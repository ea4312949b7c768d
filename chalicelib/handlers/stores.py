"""The brand and its stores: profile, escalation, automatic messages, closing reasons."""
from __future__ import annotations

from chalice import Blueprint

from ..runtime import services
from . import render
from .audit import audited
from .http import body, current_agent, json_response, only_fields, route

bp = Blueprint(__name__)


@route(bp, "/v1/brand", "GET", "The caller's brand")
def get_brand():  # type: ignore[no-untyped-def]
    return json_response(render.brand(services().stores.brand(current_agent(bp))))


@route(bp, "/v1/brand", "PATCH", "Edit the brand's name and picture (brand admins)", body="BrandPatch")
def patch_brand():  # type: ignore[no-untyped-def]
    agent = current_agent(bp)
    changes = {k: v for k, v in only_fields(body(bp, "BrandPatch")).items() if v is not None}
    brand = services().stores.update_brand(agent, changes)
    audited(agent, "brand.update", "brand", brand.id, changes)
    return json_response(render.brand(brand))


@route(bp, "/v1/stores", "GET", "Stores the caller can see, with their agent count")
def list_stores():  # type: ignore[no-untyped-def]
    stores = services().stores.list_stores(current_agent(bp))
    return json_response({"items": [render.store(s) for s in stores], "next_cursor": None})


@route(bp, "/v1/stores", "POST", "Create a store (brand admins)", body="StoreCreate", responses={201: "the store"})
def create_store():  # type: ignore[no-untyped-def]
    agent = current_agent(bp)
    data = body(bp, "StoreCreate")
    store = services().stores.create_store(agent, name=data.name, timezone=data.timezone, address=data.address,
                                            phone_number=data.phone_number)
    audited(agent, "store.create", "store", store.id, only_fields(data))
    return json_response(render.store(store), status=201)


@route(bp, "/v1/stores/{store_id}", "GET", "One store")
def get_store(store_id: str):  # type: ignore[no-untyped-def]
    return json_response(render.store(services().stores.get_store(current_agent(bp), store_id)))


@route(bp, "/v1/stores/{store_id}", "PATCH", "Edit a store (its admins)", body="StorePatch")
def patch_store(store_id: str):  # type: ignore[no-untyped-def]
    agent = current_agent(bp)
    changes = only_fields(body(bp, "StorePatch"))
    store = services().stores.update_store(agent, store_id, changes)
    audited(agent, "store.update", "store", store.id, changes)
    return json_response(render.store(store))


@route(bp, "/v1/stores/{store_id}/escalation", "GET", "The store's escalation (G2)")
def get_escalation(store_id: str):  # type: ignore[no-untyped-def]
    return json_response(render.escalation(services().stores.get_store(current_agent(bp), store_id)))


@route(bp, "/v1/stores/{store_id}/escalation", "PUT", "Set the store's escalation (store admins)",
       body="EscalationSettings")
def put_escalation(store_id: str):  # type: ignore[no-untyped-def]
    agent = current_agent(bp)
    data = body(bp, "EscalationSettings")
    store = services().stores.set_escalation(agent, store_id, data.mode, data.delay_minutes, data.agent_ids)
    audited(agent, "escalation.update", "store", store.id, render.escalation(store))
    return json_response(render.escalation(store))


@route(bp, "/v1/stores/{store_id}/auto-messages", "GET", "The store's greetings and closed-hours message (H1, H2)")
def get_auto_messages(store_id: str):  # type: ignore[no-untyped-def]
    return json_response(render.auto_messages(services().stores.get_store(current_agent(bp), store_id)))


@route(bp, "/v1/stores/{store_id}/auto-messages", "PUT", "Set the store's automatic messages (store admins)",
       body="AutoMessagesIn")
def put_auto_messages(store_id: str):  # type: ignore[no-untyped-def]
    agent = current_agent(bp)
    data = body(bp, "AutoMessagesIn")
    greetings = {c: g.model_dump() for c, g in data.greetings.items()}
    closed = {"text": data.closed.text, "hours": [r.model_dump(by_alias=True) for r in data.closed.hours]}
    store = services().stores.set_auto_messages(agent, store_id, greetings, closed)
    audited(agent, "auto_messages.update", "store", store.id, render.auto_messages(store))
    return json_response(render.auto_messages(store))


@route(bp, "/v1/closing-reasons", "GET", "The brand's conversation types for closing a thread (F2)")
def get_closing_reasons():  # type: ignore[no-untyped-def]
    return json_response({"reasons": services().stores.brand(current_agent(bp)).closing_reasons})


@route(bp, "/v1/closing-reasons", "PUT", "Set the brand's closing reasons (brand admins)", body="ClosingReasons")
def put_closing_reasons():  # type: ignore[no-untyped-def]
    agent = current_agent(bp)
    data = body(bp, "ClosingReasons")
    reasons = services().stores.set_closing_reasons(agent, data.reasons).closing_reasons
    audited(agent, "closing_reasons.update", "brand", agent.brand_id, {"reasons": reasons})
    return json_response({"reasons": reasons})
